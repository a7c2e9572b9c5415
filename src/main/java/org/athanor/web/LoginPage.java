package org.athanor.web;

/** The sign-in form, with the login typed and the error of the last attempt (empty when none). */
public record LoginPage(View view, String login, String error) {}
