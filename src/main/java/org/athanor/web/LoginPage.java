package org.athanor.web;

/** The sign-in form, with the login typed, the error of the last attempt and a notice (maintenance); empty when none. */
public record LoginPage(View view, String login, String error, String notice) {
    public LoginPage(View view, String login, String error) {
        this(view, login, error, "");
    }
}
