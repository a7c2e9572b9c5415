package org.athanor.web;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.athanor.appbox.Session;

/** One session as the pages show it. */
public record SessionRow(String id, String shortId, String login, long userId, String ip, String browser, String module,
                         String lastSeen, boolean current) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    static SessionRow of(Session s, String currentId) {
        String ua = s.userAgent() == null ? "" : s.userAgent();
        return new SessionRow(s.id(), s.id().substring(0, 12), s.login(), s.user().value(), s.ip() == null ? "" : s.ip(),
                ua.length() > 60 ? ua.substring(0, 60) + "…" : ua, s.module() == null ? "" : s.module(), TIME.format(s.lastSeen()),
                s.id().equals(currentId));
    }

    static List<SessionRow> all(List<Session> sessions, String currentId) {
        return sessions.stream().map(s -> of(s, currentId)).toList();
    }
}
