/** Athanor's HTTP server: routes to capability handlers, pages rendered with jte, graceful stop. */
package org.athanor.web;
