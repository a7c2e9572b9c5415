package org.athanor.web;

import java.net.BindException;

/** Tells a server start that failed because its port is taken from other failures, by the exception's type. */
final class PortInUse {
    private PortInUse() {}

    /** Return true when {@code e} or one of its causes is a {@link BindException} (address already in use). */
    static boolean causes(Throwable e) {
        for (Throwable x = e; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof BindException) return true;
        }
        return false;
    }
}
