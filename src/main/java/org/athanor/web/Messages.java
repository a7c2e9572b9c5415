package org.athanor.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The texts of the web pages in English and French; a key missing in French falls back to English. */
public final class Messages {
    /** The languages pages come in, the first being the default. */
    public static final List<String> LANGUAGES = List.of("en", "fr");

    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("login.title", "Sign in"),
            Map.entry("login.login", "Login"),
            Map.entry("login.password", "Password"),
            Map.entry("login.remember", "Remember me on this device"),
            Map.entry("login.submit", "Sign in"),
            Map.entry("login.failed", "Wrong login or password."),
            Map.entry("login.throttled", "Too many failed attempts: wait 15 minutes, then try again."),
            Map.entry("logout", "Sign out"),
            Map.entry("maintenance.title", "Maintenance in progress"),
            Map.entry("maintenance.text", "This site is down for maintenance. Please come back in a few minutes."),
            Map.entry("upgrade.pending", "The installation is being upgraded to a new Athanor release; this server opens it as soon as the upgrade is done."),
            Map.entry("forbidden.title", "Access denied"),
            Map.entry("forbidden.text", "Your account may not open this page. Sign in as an administrator."),
            Map.entry("csrf.title", "Form expired"),
            Map.entry("csrf.text", "This form was not sent from this site or has expired. Go back, reload the page and send it again."),
            Map.entry("account.title", "My account"),
            Map.entry("account.sessions", "My sessions"),
            Map.entry("account.current", "this device"),
            Map.entry("account.disconnect-others", "Sign out my other sessions"),
            Map.entry("nav.dashboard", "Dashboard"),
            Map.entry("nav.tasks", "Task manager"),
            Map.entry("nav.sessions", "Connected users"),
            Map.entry("nav.users", "Users and rights"),
            Map.entry("nav.maintenance", "Maintenance"),
            Map.entry("nav.account", "My account"),
            Map.entry("dashboard.version", "Version"),
            Map.entry("dashboard.maintenance", "Maintenance"),
            Map.entry("dashboard.scheduler", "Scheduler"),
            Map.entry("dashboard.queue", "Jobs waiting"),
            Map.entry("dashboard.sessions", "Open sessions"),
            Map.entry("dashboard.databoxes", "Databoxes"),
            Map.entry("dashboard.records", "records"),
            Map.entry("dashboard.actions", "Latest administrator actions"),
            Map.entry("dashboard.collection", "Collection"),
            Map.entry("dashboard.collection-records", "Records"),
            Map.entry("dashboard.no-actions", "No administrator action yet."),
            Map.entry("on", "on"),
            Map.entry("off", "off"),
            Map.entry("sessions.user", "User"),
            Map.entry("sessions.ip", "IP"),
            Map.entry("sessions.browser", "Browser"),
            Map.entry("sessions.module", "Module"),
            Map.entry("sessions.last-seen", "Last seen"),
            Map.entry("sessions.disconnect", "Disconnect"),
            Map.entry("sessions.disconnect-user", "All of this user"),
            Map.entry("sessions.disconnect-all", "Disconnect all users (including me)"),
            Map.entry("sessions.confirm-all", "I understand that everybody, me included, will have to sign in again"),
            Map.entry("sessions.none", "Nobody is connected."),
            Map.entry("users.login", "Login"),
            Map.entry("users.email", "Email"),
            Map.entry("users.admin", "Administrator"),
            Map.entry("users.last", "Last connection"),
            Map.entry("users.create", "Create a user"),
            Map.entry("users.locale", "Language"),
            Map.entry("users.edit", "Edit"),
            Map.entry("users.save", "Save"),
            Map.entry("users.new-password", "New password (empty: unchanged)"),
            Map.entry("users.rights", "Rights"),
            Map.entry("users.collection-rights", "Rights per collection"),
            Map.entry("users.databox-rights", "Rights per databox"),
            Map.entry("users.save-rights", "Save rights"),
            Map.entry("users.never", "never"),
            Map.entry("maintenance.state", "Maintenance mode is"),
            Map.entry("maintenance.message", "Message shown to visitors"),
            Map.entry("maintenance.on", "Switch maintenance on"),
            Map.entry("maintenance.off", "Switch maintenance off"),
            Map.entry("maintenance.note", "Servers pick the change up within 2 seconds. While it is on, only /health and the administrators already signed in get through."),
            Map.entry("tasks.create", "Create a task"),
            Map.entry("tasks.type", "Type"),
            Map.entry("tasks.name", "Name"),
            Map.entry("tasks.period", "Period (seconds)"),
            Map.entry("tasks.scheduler-log", "Scheduler log"),
            Map.entry("tasks.wanted", "wanted:"),
            Map.entry("tasks.heartbeat", "heartbeat"),
            Map.entry("tasks.start", "Start"),
            Map.entry("tasks.stop", "Stop"),
            Map.entry("tasks.pause", "Pause tasks"),
            Map.entry("tasks.resume", "Resume tasks"),
            Map.entry("tasks.delete", "Delete"),
            Map.entry("tasks.state", "State"),
            Map.entry("tasks.last-run", "Last run"),
            Map.entry("tasks.progress", "Progress"),
            Map.entry("tasks.errors", "Errors"),
            Map.entry("tasks.settings", "Settings (XML)"),
            Map.entry("tasks.log", "Log"),
            Map.entry("tasks.start-note", "Start only asks for a scheduler: run bin/console task-manager:scheduler:start (or the systemd unit) when none runs."),
            Map.entry("saved", "Saved."));

    private static final Map<String, String> FR = Map.ofEntries(
            Map.entry("login.title", "Connexion"),
            Map.entry("login.login", "Identifiant"),
            Map.entry("login.password", "Mot de passe"),
            Map.entry("login.remember", "Se souvenir de moi sur cet appareil"),
            Map.entry("login.submit", "Se connecter"),
            Map.entry("login.failed", "Identifiant ou mot de passe incorrect."),
            Map.entry("login.throttled", "Trop d’essais manqués : attendez 15 minutes puis réessayez."),
            Map.entry("logout", "Se déconnecter"),
            Map.entry("maintenance.title", "Maintenance en cours"),
            Map.entry("maintenance.text", "Ce site est en maintenance. Merci de revenir dans quelques minutes."),
            Map.entry("upgrade.pending", "L’installation passe à une nouvelle version d’Athanor ; ce serveur l’ouvre dès la mise à jour terminée."),
            Map.entry("forbidden.title", "Accès refusé"),
            Map.entry("forbidden.text", "Votre compte ne peut pas ouvrir cette page. Connectez-vous en administrateur."),
            Map.entry("csrf.title", "Formulaire expiré"),
            Map.entry("csrf.text", "Ce formulaire ne vient pas de ce site ou a expiré. Revenez en arrière, rechargez la page et renvoyez-le."),
            Map.entry("account.title", "Mon compte"),
            Map.entry("account.sessions", "Mes sessions"),
            Map.entry("account.current", "cet appareil"),
            Map.entry("account.disconnect-others", "Fermer mes autres sessions"),
            Map.entry("nav.dashboard", "Tableau de bord"),
            Map.entry("nav.tasks", "Gestionnaire de tâches"),
            Map.entry("nav.sessions", "Utilisateurs connectés"),
            Map.entry("nav.users", "Utilisateurs et droits"),
            Map.entry("nav.maintenance", "Maintenance"),
            Map.entry("nav.account", "Mon compte"),
            Map.entry("dashboard.version", "Version"),
            Map.entry("dashboard.maintenance", "Maintenance"),
            Map.entry("dashboard.scheduler", "Planificateur"),
            Map.entry("dashboard.queue", "Travaux en attente"),
            Map.entry("dashboard.sessions", "Sessions ouvertes"),
            Map.entry("dashboard.databoxes", "Bases"),
            Map.entry("dashboard.records", "enregistrements"),
            Map.entry("dashboard.actions", "Dernières actions des administrateurs"),
            Map.entry("dashboard.collection", "Collection"),
            Map.entry("dashboard.collection-records", "Enregistrements"),
            Map.entry("dashboard.no-actions", "Aucune action d'administrateur pour l'instant."),
            Map.entry("on", "activée"),
            Map.entry("off", "désactivée"),
            Map.entry("sessions.user", "Utilisateur"),
            Map.entry("sessions.ip", "IP"),
            Map.entry("sessions.browser", "Navigateur"),
            Map.entry("sessions.module", "Module"),
            Map.entry("sessions.last-seen", "Dernière activité"),
            Map.entry("sessions.disconnect", "Déconnecter"),
            Map.entry("sessions.disconnect-user", "Toutes ses sessions"),
            Map.entry("sessions.disconnect-all", "Déconnecter tous les utilisateurs (moi compris)"),
            Map.entry("sessions.confirm-all", "J’ai compris que tout le monde, moi compris, devra se reconnecter"),
            Map.entry("sessions.none", "Personne n’est connecté."),
            Map.entry("users.login", "Identifiant"),
            Map.entry("users.email", "Courriel"),
            Map.entry("users.admin", "Administrateur"),
            Map.entry("users.last", "Dernière connexion"),
            Map.entry("users.create", "Créer un utilisateur"),
            Map.entry("users.locale", "Langue"),
            Map.entry("users.edit", "Modifier"),
            Map.entry("users.save", "Enregistrer"),
            Map.entry("users.new-password", "Nouveau mot de passe (vide : inchangé)"),
            Map.entry("users.rights", "Droits"),
            Map.entry("users.collection-rights", "Droits par collection"),
            Map.entry("users.databox-rights", "Droits par base"),
            Map.entry("users.save-rights", "Enregistrer les droits"),
            Map.entry("users.never", "jamais"),
            Map.entry("maintenance.state", "Le mode maintenance est"),
            Map.entry("maintenance.message", "Message affiché aux visiteurs"),
            Map.entry("maintenance.on", "Activer la maintenance"),
            Map.entry("maintenance.off", "Désactiver la maintenance"),
            Map.entry("maintenance.note", "Les serveurs prennent le changement en compte en 2 secondes. Pendant la maintenance, seuls /health et les administrateurs déjà connectés passent."),
            Map.entry("tasks.create", "Créer une tâche"),
            Map.entry("tasks.type", "Type"),
            Map.entry("tasks.name", "Nom"),
            Map.entry("tasks.period", "Période (secondes)"),
            Map.entry("tasks.scheduler-log", "Journal du planificateur"),
            Map.entry("tasks.wanted", "demandé :"),
            Map.entry("tasks.heartbeat", "pouls"),
            Map.entry("tasks.start", "Démarrer"),
            Map.entry("tasks.stop", "Arrêter"),
            Map.entry("tasks.pause", "Suspendre les tâches"),
            Map.entry("tasks.resume", "Reprendre les tâches"),
            Map.entry("tasks.delete", "Supprimer"),
            Map.entry("tasks.state", "État"),
            Map.entry("tasks.last-run", "Dernière exécution"),
            Map.entry("tasks.progress", "Avancement"),
            Map.entry("tasks.errors", "Erreurs"),
            Map.entry("tasks.settings", "Réglages (XML)"),
            Map.entry("tasks.log", "Journal"),
            Map.entry("tasks.start-note", "Démarrer ne fait que demander un planificateur : lancez bin/console task-manager:scheduler:start (ou l’unité systemd) s’il n’y en a pas."),
            Map.entry("saved", "Enregistré."));

    private final String lang;

    private Messages(String lang) {
        this.lang = lang;
    }

    /** The texts of {@code lang} ({@code en} or {@code fr}; anything else gives English). */
    public static Messages of(String lang) {
        return new Messages("fr".equals(lang) ? "fr" : "en");
    }

    /** Return the language chosen from an {@code Accept-Language} header: the first of en and fr it names, else en. */
    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) return LANGUAGES.get(0);
        try {
            for (Locale.LanguageRange r : Locale.LanguageRange.parse(header)) {
                String tag = r.getRange().toLowerCase(Locale.ROOT);
                for (String l : LANGUAGES) if (tag.equals(l) || tag.startsWith(l + "-")) return l;
            }
        } catch (IllegalArgumentException malformed) {
            return LANGUAGES.get(0);
        }
        return LANGUAGES.get(0);
    }

    /** The language of these texts. */
    public String lang() {
        return lang;
    }

    /** Return the text of {@code key}, or the key itself when no language has it. */
    public String get(String key) {
        String s = lang.equals("fr") ? FR.get(key) : null;
        if (s == null) s = EN.get(key);
        return s == null ? key : s;
    }

    static java.util.Set<String> keys(String lang) {
        return (lang.equals("fr") ? FR : EN).keySet();
    }
}
