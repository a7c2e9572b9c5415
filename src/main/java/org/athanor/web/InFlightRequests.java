package org.athanor.web;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts the requests Jetty is serving, from arrival until their response is completely written.
 *
 * <p>Counting in Javalin's before/after handlers would let a graceful stop close the connection between the after
 * handler and the write of the response; Jetty's callback completes only once the response is out.
 */
final class InFlightRequests extends Handler.Wrapper {
    private final AtomicInteger count = new AtomicInteger();

    int count() {
        return count.get();
    }

    @Override public boolean handle(Request request, Response response, Callback callback) throws Exception {
        count.incrementAndGet();
        boolean handled;
        try {
            handled = super.handle(request, response, Callback.from(callback, (Runnable) count::decrementAndGet));
        } catch (Exception | Error e) {
            count.decrementAndGet();
            throw e;
        }
        if (!handled) count.decrementAndGet();
        return handled;
    }
}
