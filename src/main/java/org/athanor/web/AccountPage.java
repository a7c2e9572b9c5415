package org.athanor.web;

import java.util.List;

/** A user's own page: their sessions, the one of this browser marked. */
public record AccountPage(View view, List<SessionRow> sessions) {}
