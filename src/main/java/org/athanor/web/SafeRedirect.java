package org.athanor.web;

/** Where a redirect taken from the request (e.g. {@code ?back=}) may go: a path of this site, never another host. */
final class SafeRedirect {
    private SafeRedirect() {}

    /**
     * Return {@code wanted} when it is a path of this site, else {@code "/"}.
     *
     * <p>A path of this site starts with one {@code /} followed by anything but {@code /} or {@code \} (browsers read
     * {@code //host} and {@code /\host} as another host), and holds no control character (a CR or LF would split the
     * {@code Location} header, a tab is dropped by browsers, turning {@code /\t/host} into {@code //host}).
     */
    static String localPath(String wanted) {
        if (wanted == null || wanted.isEmpty() || wanted.charAt(0) != '/') return "/";
        if (wanted.length() > 1 && (wanted.charAt(1) == '/' || wanted.charAt(1) == '\\')) return "/";
        for (int i = 0; i < wanted.length(); i++) {
            char c = wanted.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return "/";
        }
        return wanted;
    }
}
