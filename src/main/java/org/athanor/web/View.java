package org.athanor.web;

/**
 * What every page's frame needs: language and texts, the installation's title, the CSRF token of the forms, who is
 * signed in and which section of the admin console is open.
 *
 * @param login the signed-in user's login, or null
 * @param section the admin section shown ({@code dashboard}, {@code tasks}, {@code sessions}, {@code users},
 *        {@code maintenance}), or empty
 */
public record View(String lang, Messages messages, String title, String csrf, String login, boolean admin, String section, String path) {
    /** Return the text of {@code key} in this page's language. */
    public String t(String key) {
        return messages.get(key);
    }

    /**
     * Return a task or scheduler state in this page's language: a word of the state commands ({@code started},
     * {@code to stop}...) or a stored wanted/actual state ({@code deleted}); an unknown word is shown as it is.
     */
    public String state(String word) {
        if (word == null || word.isEmpty()) return "";
        String key = "state." + word.replace(' ', '-');
        String text = messages.get(key);
        return text.equals(key) ? word : text;
    }

    /** Return this page's path, URL-encoded for a {@code ?back=} parameter. */
    public String back() {
        return java.net.URLEncoder.encode(path == null ? "/" : path, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Return this view with another admin section. */
    public View in(String newSection) {
        return new View(lang, messages, title, csrf, login, admin, newSection, path);
    }
}
