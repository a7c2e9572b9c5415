package org.athanor.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.AdminLog;
import org.athanor.appbox.Registry;
import org.athanor.appbox.Rights;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code user:grant LOGIN (--collection BASE_ID | --databox SBAS_ID) (--rights R,... | --all | --none)}: set rights. */
@Command(name = "user:grant", mixinStandardHelpOptions = true,
        description = {"Set a user's rights on a collection (base_id) or a databox (sbas_id); the rights given replace the ones there.",
                "Collection rights: " + "access, canputinalbum, candwnldhd, candwnldpreview, cancmd, canadmin, canreport, canpush, canaddrecord,"
                        + " canmodifrecord, candeleterecord, chgstatus, imgtools, manage, modify_struct, nowatermark, order_master.",
                "Databox rights: bas_manage, bas_modify_struct, bas_modif_th, bas_chupub."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rights set", "1:no installation or bad configuration", "2:bad argument, unknown user, collection or databox"})
final class UserGrantCommand implements Callable<Integer> {
    /** The services this command uses, from the installation opened when it runs. */
    record Uses(UserService users, Registry registry, Rights rights, AdminLog adminLog) {}

    private final CliContext context;
    private final Supplier<Uses> uses;
    @Parameters(index = "0", paramLabel = "LOGIN") String login;

    @ArgGroup(exclusive = true, multiplicity = "1") Target target;
    @ArgGroup(exclusive = true, multiplicity = "1") Which which;

    static final class Target {
        @Option(names = "--collection", required = true, paramLabel = "BASE_ID", description = "A collection (see collection:list).") Integer collection;
        @Option(names = "--databox", required = true, paramLabel = "SBAS_ID", description = "A databox (see databox:list).") Integer databox;
    }

    static final class Which {
        @Option(names = "--rights", required = true, split = ",", paramLabel = "RIGHT", description = "The rights to give, comma-separated.") List<String> rights;
        @Option(names = "--all", required = true, description = "Every right.") boolean all;
        @Option(names = "--none", required = true, description = "No right: remove the user's rights there.") boolean none;
    }

    UserGrantCommand(CliContext context, Supplier<Uses> uses) {
        this.context = context;
        this.uses = uses;
    }

    @Override public Integer call() {
        Uses a = uses.get();
        User u = a.users().require(login);
        boolean onCollection = target.collection != null;
        List<String> known = onCollection ? Rights.COLLECTION_FLAGS : Rights.DATABOX_FLAGS;
        Set<String> flags = new LinkedHashSet<>(which.all ? known : which.none ? List.of() : which.rights.stream().map(String::strip).toList());
        String where;
        if (onCollection) {
            if (target.collection < 1) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--collection: a base_id is 1 or more");
            BaseId b = new BaseId(target.collection);
            a.registry().collection(b);
            a.rights().set(u.id(), b, flags);
            where = "collection " + b.value();
        } else {
            if (target.databox < 1) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--databox: a sbas_id is 1 or more");
            DataboxId d = new DataboxId(target.databox);
            a.registry().databox(d);
            a.rights().set(u.id(), d, flags);
            where = "databox " + d.value();
        }
        a.adminLog().record(AdminLog.cliActor(), "user.grant", u.login() + " on " + where + ": " + flags, null);
        context.say(flags.isEmpty() ? u.login() + " has no right on " + where + " now."
                : u.login() + " has on " + where + ": " + String.join(", ", flags) + ".");
        return 0;
    }
}
