package org.athanor.appbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.db.Timestamps;
import org.jdbi.v3.core.Jdbi;

/** Creates, finds and lists the users of the appbox. */
public final class UserService {
    private static final Pattern LOGIN = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final String COLUMNS = "id, login, email, is_admin, locale, is_template, created_at, last_connection";

    private final Jdbi appbox;
    private final String legacyKey;

    public UserService(Jdbi appbox) {
        this(appbox, null);
    }

    /**
     * @param legacyKey {@code main.key}, with which Phraseanet 3.8.8 salted the password hashes kept by its import
     *     (see {@link LegacyPasswords}); null when there are none
     */
    public UserService(Jdbi appbox, String legacyKey) {
        this.appbox = appbox;
        this.legacyKey = legacyKey;
    }

    /** What is needed to create a user; the login is the email when none is given (as Phraseanet's installer does). */
    public record NewUser(String login, String email, String password, boolean admin, String locale) {
        public NewUser {
            if (login == null || login.isBlank()) login = email;
            if (login == null || !LOGIN.matcher(login).matches())
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "login '" + login
                        + "': use 1 to 128 letters, digits and . _ @ + - (e.g. 'jdupont' or 'jdupont@example.org')");
            if (email != null && !email.isBlank() && !EMAIL.matcher(email).matches())
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "email '" + email + "' is not an address: use name@domain");
            if (locale == null || locale.isBlank()) locale = "en";
            locale = locale.toLowerCase(Locale.ROOT);
            if (!List.of("en", "fr", "de", "nl").contains(locale))
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "locale '" + locale + "': use one of en, fr, de, nl");
            Passwords.check(password);
        }
    }

    /** Create a user; refuse a login already taken. */
    public User create(NewUser u) {
        String hash = Passwords.hash(u.password());
        return appbox.inTransaction(h -> {
            boolean taken = h.createQuery("SELECT COUNT(*) FROM users WHERE LOWER(login) = LOWER(:login)")
                    .bind("login", u.login()).mapTo(Integer.class).one() > 0;
            if (taken) throw new AthanorException(ErrorCode.BAD_ARGUMENT,
                    "A user with login '" + u.login() + "' already exists: choose another login, or change its password with user:password.");
            long id = h.createUpdate("""
                    INSERT INTO users (login, email, password_hash, is_admin, locale, is_template, created_at)
                    VALUES (:login, :email, :hash, :admin, :locale, FALSE, :now)""")
                    .bind("login", u.login()).bind("email", blankToNull(u.email())).bind("hash", hash)
                    .bind("admin", u.admin()).bind("locale", u.locale()).bind("now", Instant.now())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id").bind("id", id).map(UserService::map).one();
        });
    }

    /** Every user, by login. */
    public List<User> list() {
        return appbox.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY login").map(UserService::map).list());
    }

    /** Whether a user can sign in, as {@code user:list} shows it (column STATE). */
    public enum SignInState {
        /** Signs in with a password. */
        ACTIVE("active"),
        /** Has no password (e.g. imported without one): signs in once one is set with user:password. */
        NO_PASSWORD("no password"),
        /** Locked (e.g. Phraseanet's unconfirmed e-mail): cannot sign in until unlocked. */
        LOCKED("locked"),
        /** A template of rights, not a person: never signs in. */
        TEMPLATE("template"),
        /** Deleted: kept for its history, never signs in. */
        DELETED("deleted");

        public final String label;

        SignInState(String label) {
            this.label = label;
        }
    }

    /** A user with whether they can sign in. */
    public record ListedUser(User user, SignInState state) {}

    /** Every user, by login, with the state that decides whether they can sign in (deleted and locked ones included). */
    public List<ListedUser> listWithStates() {
        return appbox.withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", locked, deleted, password_hash IS NULL AS no_password"
                + " FROM users ORDER BY login").map((rs, ctx) -> {
                    User u = map(rs, ctx);
                    SignInState state = rs.getBoolean("deleted") ? SignInState.DELETED : u.template() ? SignInState.TEMPLATE
                            : rs.getBoolean("locked") ? SignInState.LOCKED : rs.getBoolean("no_password") ? SignInState.NO_PASSWORD
                            : SignInState.ACTIVE;
                    return new ListedUser(u, state);
                }).list());
    }

    /** The user with this login (case-insensitive), if any. */
    public Optional<User> findByLogin(String login) {
        return appbox.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE LOWER(login) = LOWER(:login)")
                .bind("login", login).map(UserService::map).findOne());
    }

    /** The user with this login, or an error that says how to list users. */
    public User require(String login) {
        return findByLogin(login).orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND,
                "No user with login '" + login + "'. See bin/console user:list for the logins."));
    }

    /**
     * Replace a user's password and end every session and "remember me" token of the user, except the session
     * {@code keepSession} (the id of the session that made the change, when users change their own password; else null).
     * Return how many sessions ended.
     */
    public int setPassword(UserId id, String password, String keepSession) {
        String hash = Passwords.hash(password);
        return appbox.inTransaction(h -> {
            h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id").bind("hash", hash).bind("id", id.value()).execute();
            h.createUpdate("DELETE FROM remember_tokens WHERE user_id = :u").bind("u", id.value()).execute();
            return h.createUpdate("DELETE FROM sessions WHERE user_id = :u AND id <> :keep")
                    .bind("u", id.value()).bind("keep", keepSession == null ? "" : keepSession).execute();
        });
    }

    /**
     * Return the user when the password matches, and record the connection time. Locked and deleted accounts never
     * sign in. A Phraseanet 3.8.8 hash kept by the import is checked with {@link LegacyPasswords}, then replaced by an
     * argon2id hash of the same password.
     */
    public Optional<User> authenticate(String login, String password) {
        Optional<Credentials> row = appbox.withHandle(h -> h.createQuery(
                "SELECT id, password_hash FROM users WHERE LOWER(login) = LOWER(:login) AND locked = FALSE AND deleted = FALSE")
                .bind("login", login).map((rs, ctx) -> new Credentials(rs.getLong("id"), rs.getString("password_hash")))
                .findOne());
        if (row.isEmpty() || row.get().hash() == null) {
            Passwords.verifyAgainstNothing(password);   // as long as a wrong password: no user enumeration by timing
            return Optional.empty();
        }
        String hash = row.get().hash();
        if (LegacyPasswords.isLegacy(hash)) {
            if (!LegacyPasswords.verify(password, hash, legacyKey)) return Optional.empty();
            String rehashed = Passwords.rehash(password);
            appbox.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id AND password_hash = :old")
                    .bind("hash", rehashed).bind("id", row.get().id()).bind("old", hash).execute());
        } else if (!Passwords.verify(password, hash)) {
            return Optional.empty();
        }
        appbox.useHandle(h -> h.createUpdate("UPDATE users SET last_connection = :now WHERE LOWER(login) = LOWER(:login)")
                .bind("now", Instant.now()).bind("login", login).execute());
        return findByLogin(login);
    }

    private record Credentials(long id, String hash) {}

    /** The user with this id, if any. */
    public Optional<User> findById(UserId id) {
        return appbox.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id.value()).map(UserService::map).findOne());
    }

    /** Make a user an administrator or not. */
    public void setAdmin(UserId id, boolean admin) {
        appbox.useHandle(h -> h.createUpdate("UPDATE users SET is_admin = :a WHERE id = :id").bind("a", admin).bind("id", id.value()).execute());
    }

    static User map(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {

        return new User(new UserId(rs.getLong("id")), rs.getString("login"), rs.getString("email"), rs.getBoolean("is_admin"),
                rs.getString("locale"), rs.getBoolean("is_template"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "last_connection"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
