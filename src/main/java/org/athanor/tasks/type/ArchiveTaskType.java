package org.athanor.tasks.type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.RegisteredCollection;
import org.athanor.appbox.Registry;
import org.athanor.ids.BaseId;
import org.athanor.ids.RecordId;
import org.athanor.databox.Records;
import org.athanor.ingest.IngestOutcome;
import org.athanor.ingest.IngestRequest;
import org.athanor.ingest.IngestService;
import org.athanor.tasks.Task;
import org.athanor.tasks.TaskContext;
import org.athanor.tasks.TaskSettings;
import org.athanor.tasks.TaskType;
import org.athanor.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The Archive task (Phraseanet's hot folder): files dropped in a folder become records.
 *
 * <p>Settings: {@code <hotfolder>} (the folder), {@code <base_id>} (the collection, unless a {@code .phrasea.xml}
 * says otherwise), {@code <cold>} (seconds a file must stay untouched before it is taken, default 60),
 * {@code <move_archived>} and {@code <move_error>} (1 = move the originals to {@code _archived/} or {@code _error/}
 * of the hot folder, the default; 0 = delete them once archived, leave them on error).
 *
 * <p>The hot folder's root must hold a {@code .phrasea.xml}; nothing is taken without it. Each {@code .phrasea.xml}
 * (root or subfolder, inherited downwards) may give {@code collection="BASE_ID"} on its root element,
 * {@code <files><file mask="REGEX" caption="REPLACEMENT"/></files>} (documents and the name of their caption XML,
 * default: {@code name.xml} beside {@code name.ext}) and {@code <grouping mask="REGEX"/>} (a subfolder whose name
 * matches becomes a story of the records made from its files). A folder holding {@code .phrasea.lock} is left alone
 * until that file is removed. A caption XML ({@code <record><description><Field>value</Field>…}) sets those fields.
 *
 * <p>Symbolic links in the hot folder are never followed: a link (to a file, a folder, or a loop such as
 * {@code ln -s . loop}) is skipped with one warning per task run, and nothing outside the hot folder's real path is
 * ever read as a document, moved or deleted.
 */
public final class ArchiveTaskType implements TaskType {
    /** Its job type. */
    public static final String NAME = "archive";
    /** The configuration file a hot folder must hold at its root. */
    public static final String CONFIG = ".phrasea.xml";
    /** A folder holding this file is not taken (the depositor is still writing). */
    public static final String LOCK = ".phrasea.lock";

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Registry registry;
    private final Records records;
    private final IngestService ingest;

    public ArchiveTaskType(Registry registry, Records records, IngestService ingest) {
        this.registry = registry;
        this.records = records;
        this.ingest = ingest;
    }

    /** The parsed settings of one task. */
    record Settings(Path hotFolder, BaseId baseId, long coldSeconds, boolean moveArchived, boolean moveError) {}

    /** What a {@code .phrasea.xml} says, merged with its parents'. */
    record FolderRules(BaseId collection, List<Pattern> masks, List<String> captions, Pattern grouping) {
        Optional<String> captionOf(String name) {
            if (masks.isEmpty()) {
                int dot = name.lastIndexOf('.');
                return Optional.of((dot > 0 ? name.substring(0, dot) : name) + ".xml");
            }
            for (int i = 0; i < masks.size(); i++) {
                var m = masks.get(i).matcher(name);
                if (m.matches()) return Optional.ofNullable(captions.get(i)).filter(c -> !c.isBlank()).map(m::replaceAll);
            }
            return Optional.empty();
        }

        boolean isDocument(String name) {
            if (masks.isEmpty()) return !name.toLowerCase(java.util.Locale.ROOT).endsWith(".xml");
            return masks.stream().anyMatch(p -> p.matcher(name).matches());
        }
    }

    @Override public String jobType() {
        return NAME;
    }

    @Override public String defaultSettings() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <tasksettings>
                  <hotfolder></hotfolder>
                  <base_id></base_id>
                  <cold>60</cold>
                  <move_archived>1</move_archived>
                  <move_error>1</move_error>
                </tasksettings>
                """;
    }

    @Override public int defaultPeriodSeconds() {
        return 60;
    }

    @Override public Task create(int taskId, TaskSettings settings) {
        String folder = settings.text("hotfolder").orElseThrow(() -> new AthanorException(ErrorCode.BAD_ARGUMENT,
                "task settings: <hotfolder> is required: the absolute path of the folder to watch. Example: <hotfolder>/srv/hot</hotfolder>"));
        Path hot = Path.of(folder);
        if (!hot.isAbsolute()) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "task settings: <hotfolder> must be an absolute path, found '" + folder + "'");
        }
        int baseId = settings.integer("base_id", 0);
        if (baseId < 1) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "task settings: <base_id> must name the collection the records go to "
                    + "(see bin/console collection:list). Example: <base_id>1</base_id>");
        }
        int cold = settings.integer("cold", 60);
        if (cold < 0) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "task settings: <cold> is a number of seconds, 0 or more; found " + cold);
        Settings s = new Settings(hot, new BaseId(baseId), cold, settings.flag("move_archived", true), settings.flag("move_error", true));
        Set<Path> warnedLinks = new HashSet<>();   // one warning per link for the life of this task run
        return context -> runOnce(context, s, warnedLinks);
    }

    private void runOnce(TaskContext context, Settings configured, Set<Path> warnedLinks) throws IOException {
        if (!Files.isDirectory(configured.hotFolder())) {
            throw new AthanorException(ErrorCode.IO, "the hot folder " + configured.hotFolder()
                    + " does not exist or is not a folder; create it or fix <hotfolder>");
        }
        // The configured path itself may be a link (the administrator chose it); everything below it is judged
        // against its real path, so a link inside can never lead the task out of it.
        Settings s = new Settings(configured.hotFolder().toRealPath(), configured.baseId(), configured.coldSeconds(),
                configured.moveArchived(), configured.moveError());
        Path config = s.hotFolder().resolve(CONFIG);
        if (!Files.isRegularFile(config, NOFOLLOW)) {
            context.log("no " + CONFIG + " at the root of " + configured.hotFolder() + ": nothing taken (add one, e.g. <record/>)");
            return;
        }
        FolderRules root = rules(config, new FolderRules(s.baseId(), List.of(), List.of(), null));
        walk(context, s, s.hotFolder(), root, null, warnedLinks);
    }

    private static void warnLink(TaskContext context, Settings s, Path link, Set<Path> warnedLinks) {
        if (!warnedLinks.add(link)) return;
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            target = "?";
        }
        context.log(s.hotFolder().relativize(link) + ": symbolic link (-> " + target + ") skipped: the hot folder takes real files "
                + "and folders only; copy or move the file itself into the hot folder");
    }

    /** Archive the cold files of {@code folder} and below; {@code story} is the grouping folder they belong to, if any. */
    private void walk(TaskContext context, Settings s, Path folder, FolderRules inherited, Path story, Set<Path> warnedLinks)
            throws IOException {
        if (context.stopRequested()) return;
        if (Files.exists(folder.resolve(LOCK), NOFOLLOW)) {
            context.log(folder + " is locked (" + LOCK + "): left for a later pass");
            return;
        }
        FolderRules rules = folder.equals(s.hotFolder()) || !Files.isRegularFile(folder.resolve(CONFIG), NOFOLLOW)
                ? inherited : rules(folder.resolve(CONFIG), inherited);
        List<Path> entries;
        try (Stream<Path> list = Files.list(folder)) {
            entries = list.sorted().toList();
        }
        Set<String> names = new HashSet<>();
        entries.forEach(p -> names.add(p.getFileName().toString()));
        Set<String> captions = new HashSet<>();
        for (String n : names) if (rules.isDocument(n)) rules.captionOf(n).filter(names::contains).ifPresent(captions::add);
        long coldBefore = System.currentTimeMillis() - s.coldSeconds() * 1000;
        for (Path p : entries) {
            if (context.stopRequested()) return;
            String name = p.getFileName().toString();
            if (name.startsWith(".") || (folder.equals(s.hotFolder()) && (name.equals("_archived") || name.equals("_error")))) continue;
            if (Files.isSymbolicLink(p)) {
                warnLink(context, s, p, warnedLinks);
                continue;
            }
            if (Files.isDirectory(p, NOFOLLOW)) {
                boolean grouping = story == null && rules.grouping() != null && rules.grouping().matcher(name).matches();
                walk(context, s, p, rules, grouping ? p : story, warnedLinks);
                continue;
            }
            if (!Files.isRegularFile(p, NOFOLLOW) || captions.contains(name) || !rules.isDocument(name)) continue;
            Optional<Path> caption = rules.captionOf(name).map(folder::resolve);
            if (caption.isPresent() && Files.isSymbolicLink(caption.get())) {
                warnLink(context, s, caption.get(), warnedLinks);
                continue;   // neither the document nor a caption read through a link
            }
            caption = caption.filter(c -> Files.isRegularFile(c, NOFOLLOW));
            if (Files.getLastModifiedTime(p, NOFOLLOW).toMillis() > coldBefore
                    || (caption.isPresent() && Files.getLastModifiedTime(caption.get(), NOFOLLOW).toMillis() > coldBefore)) continue;
            archive(context, s, p, caption, rules.collection(), story);
        }
    }

    private void archive(TaskContext context, Settings s, Path file, Optional<Path> caption, BaseId collection, Path story) throws IOException {
        String name = file.getFileName().toString();
        requireInside(s, file);
        if (caption.isPresent()) requireInside(s, caption.get());
        IngestOutcome outcome = ingest.add(file, name, new IngestRequest(collection, 0, true, IngestRequest.Force.NONE, null));
        Path rel = s.hotFolder().relativize(file);
        if (outcome instanceof IngestOutcome.Failed f) {
            context.failed(rel + ": not archived: " + f.reason());
            if (s.moveError()) {
                move(s, file, "_error");
                if (caption.isPresent()) move(s, caption.get(), "_error");
            }
            return;
        }
        if (outcome instanceof IngestOutcome.Added a) {
            RegisteredCollection coll = registry.collection(collection);
            if (caption.isPresent()) applyCaption(context, coll, a.record(), caption.get());
            if (story != null) addToStory(coll, story, a.record());
            context.log(rel + ": record " + a.databox() + "/" + a.record());
        } else if (outcome instanceof IngestOutcome.Quarantined q) {
            context.log(rel + ": sent to the lazaret (" + q.lazaretId() + "): " + String.join("; ", q.reasons()));
        }
        if (s.moveArchived()) {
            move(s, file, "_archived");
            if (caption.isPresent()) move(s, caption.get(), "_archived");
        } else {
            delete(s, file);
            if (caption.isPresent()) delete(s, caption.get());
        }
    }

    /**
     * Refuse a file that is a link or whose real path is not inside the hot folder's real path (a folder swapped for a
     * link between the walk and now): nothing outside the hot folder is read, moved or deleted.
     */
    private static void requireInside(Settings s, Path file) throws IOException {
        if (Files.isSymbolicLink(file) || !file.toRealPath().startsWith(s.hotFolder())) {
            throw new AthanorException(ErrorCode.IO, file + " is a symbolic link or lies outside the hot folder " + s.hotFolder()
                    + " (real path " + file.toRealPath() + "): left untouched. Put real files in the hot folder, not links.");
        }
    }

    private static void delete(Settings s, Path file) throws IOException {
        requireInside(s, file);
        Files.deleteIfExists(file);
    }

    private void move(Settings s, Path file, String area) throws IOException {
        requireInside(s, file);
        Path areaFolder = s.hotFolder().resolve(area);
        if (Files.isSymbolicLink(areaFolder)) {
            throw new AthanorException(ErrorCode.IO, areaFolder + " is a symbolic link: " + file.getFileName()
                    + " was not moved. Replace the link with a real folder (or remove it; the task creates it).");
        }
        Path target = areaFolder.resolve(s.hotFolder().relativize(file));
        Files.createDirectories(target.getParent());
        if (!target.getParent().toRealPath().startsWith(areaFolder.toRealPath()) || !areaFolder.toRealPath().startsWith(s.hotFolder())) {
            throw new AthanorException(ErrorCode.IO, target.getParent() + " leads outside the hot folder " + s.hotFolder()
                    + " through a symbolic link: " + file.getFileName() + " was not moved. Replace the link with a real folder.");
        }
        if (Files.exists(target, NOFOLLOW)) {
            String n = target.getFileName().toString();
            target = target.resolveSibling(Instant.now().toEpochMilli() + "_" + n);
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private void applyCaption(TaskContext context, RegisteredCollection coll, RecordId record, Path captionFile) {
        Document d;
        try {
            d = SafeXml.parse(Files.readString(captionFile));
        } catch (Exception e) {
            context.log(captionFile.getFileName() + ": caption not read: " + e.getMessage());
            return;
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element description : TaskSettings.children(d.getDocumentElement(), "description")) {
            for (org.w3c.dom.Node n = description.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && !e.getTextContent().isBlank()) {
                    values.computeIfAbsent(e.getTagName(), k -> new ArrayList<>()).add(e.getTextContent().strip());
                }
            }
        }
        records.change(coll.databox(), tx -> {
            int set = (int) values.keySet().stream().filter(name -> tx.fieldId(name).isPresent()).count();
            return tx.editCaption(record, values, null, set + " field(s) from " + captionFile.getFileName());
        });
    }

    private void addToStory(RegisteredCollection coll, Path folder, RecordId member) {
        String title = folder.getFileName().toString();
        records.addToStory(coll.databox(), coll.collId(), title, member);
    }

    private static FolderRules rules(Path config, FolderRules parent) {
        Document d;
        try {
            d = SafeXml.parse(Files.readString(config));
        } catch (Exception e) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, config + " cannot be read as XML: " + e.getMessage()
                    + ". Example: <record collection=\"1\"><files><file mask=\"^(.*)\\.jpg$\" caption=\"$1.xml\"/></files></record>", e);
        }
        Element root = d.getDocumentElement();
        BaseId collection = parent.collection();
        if (!root.getAttribute("collection").isBlank()) {
            try {
                collection = new BaseId(Integer.parseInt(root.getAttribute("collection").strip()));
            } catch (NumberFormatException e) {
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, config + ": collection=\"" + root.getAttribute("collection")
                        + "\" is not a base_id (see bin/console collection:list)");
            }
        }
        List<Pattern> masks = parent.masks();
        List<String> captions = parent.captions();
        List<Element> files = TaskSettings.children(root, "files");
        if (!files.isEmpty()) {
            masks = new ArrayList<>();
            captions = new ArrayList<>();
            for (Element f : TaskSettings.children(files.get(0), "file")) {
                masks.add(pattern(config, f.getAttribute("mask")));
                captions.add(f.getAttribute("caption"));
            }
        }
        Pattern grouping = parent.grouping();
        List<Element> g = TaskSettings.children(root, "grouping");
        if (!g.isEmpty()) grouping = pattern(config, g.get(0).getAttribute("mask"));
        return new FolderRules(collection, List.copyOf(masks), List.copyOf(captions), grouping);
    }

    private static Pattern pattern(Path config, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, config + ": mask \"" + regex + "\" is not a regular expression: " + e.getDescription());
        }
    }
}
