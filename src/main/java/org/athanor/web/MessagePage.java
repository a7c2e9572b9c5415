package org.athanor.web;

/** A page with a heading, a text and an optional detail: maintenance, access denied, expired form. */
public record MessagePage(View view, String heading, String text, String detail) {}
