package org.athanor.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.athanor.search.SearchFixture.ONLINE;
import static org.athanor.search.SearchFixture.VALIDATED;
import static org.athanor.search.SearchFixture.rec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.athanor.core.Progress;
import org.athanor.appbox.User;
import org.athanor.ids.BaseId;
import org.athanor.ids.RecordId;
import org.athanor.search.query.QuerySyntaxException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("search over a Lucene index of a real databox")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchServiceTests {
    SearchFixture f;
    SearchService search;
    RecordId eiffel, montagne2014, montagne2016, archivedEiffel, canon, secret, offline, story;
    User bob, carol;

    @BeforeAll void records(@TempDir Path dir) {
        f = new SearchFixture(dir);
        eiffel = f.add(f.photos, rec().field("Headline", "La tour Eiffel").field("Keywords", "paris", "monument")
                .field("Date", "2015/07/14").field("Caption", "Vue de l'Église et de la tour Eiffel au coucher du soleil").bit(ONLINE)
                .created("2020-03-01T10:00:00Z"));
        montagne2014 = f.add(f.photos, rec().field("Headline", "Aiguille du Midi").field("Keywords", "montagne", "neige")
                .field("Date", "2014/12/31").field("Pages", "4").created("2021-01-01T10:00:00Z"));
        montagne2016 = f.add(f.photos, rec().field("Headline", "Mont Blanc").field("Keywords", "montagne", "glacier")
                .field("Date", "2016/04/02").field("Pages", "12").bit(ONLINE).bit(VALIDATED).created("2022-01-01T10:00:00Z"));
        archivedEiffel = f.add(f.archives, rec().field("Headline", "Tour Eiffel 1889").field("Keywords", "paris")
                .field("Caption", "La tour eiffel en construction").bit(ONLINE));
        canon = f.add(f.photos, rec().field("Headline", "Portrait").tech("CameraModel", "Canon EOS 5D Mark II")
                .tech("Width", "5616").tech("MimeType", "image/jpeg").bit(ONLINE));
        secret = f.add(f.photos, rec().field("Headline", "Contrat").field("Internal", "confidentiel budget").bit(ONLINE));
        offline = f.add(f.archives, rec().field("Headline", "Brouillon").field("Keywords", "montagne"));
        story = f.story(f.photos, "Voyage à Paris", eiffel, canon);
        bob = f.user("bob", f.photos, Set.of("access"), 1L << ONLINE, 1L << ONLINE);                 // photos, Online only
        carol = f.user("carol", f.archives, Set.of("access", "canmodifrecord"), 0, 0);
        search = f.search();
        search.populate(Progress.NONE);
    }

    @AfterAll void close() {
        f.close();
    }

    List<Long> ids(String query) {
        return ids(query, null);
    }

    List<Long> ids(String query, String login) {
        return search.search(query, login, Set.of(), SearchSort.parse("record_id:asc"), 0, 100, false, false).hits().stream()
                .map(h -> h.record().value()).toList();
    }

    static List<Long> of(RecordId... ids) {
        return java.util.Arrays.stream(ids).map(RecordId::value).sorted().toList();
    }

    @Nested @DisplayName("words, phrases and fields")
    class Words {
        @Test void wordsIgnoreCaseAccentsAndFrenchElisions() {
            assertThat(ids("EGLISE")).isEqualTo(of(eiffel));
            assertThat(ids("l'église")).isEqualTo(of(eiffel));
            assertThat(ids("glacier montagne")).isEqualTo(of(montagne2016));
        }

        @Test void anExactPhrase() {
            assertThat(ids("\"tour eiffel\"")).isEqualTo(of(eiffel, archivedEiffel));
            assertThat(ids("\"eiffel tour\"")).isEmpty();
        }

        @Test void aPrefix() {
            assertThat(ids("mont*")).isEqualTo(of(montagne2014, montagne2016, offline));
            assertThat(ids("mon*")).isEqualTo(of(eiffel, montagne2014, montagne2016, offline));
        }

        @Test void fieldContainsAndFieldEquals() {
            assertThat(ids("Keywords:montagne")).isEqualTo(of(montagne2014, montagne2016, offline));
            assertThat(ids("Headline=\"Mont Blanc\"")).isEqualTo(of(montagne2016));
            assertThat(ids("Headline=\"mont blanc\"")).isEmpty();
            assertThat(ids("Headline:blanc")).isEqualTo(of(montagne2016));
        }

        @Test void datesFullAndPartial() {
            assertThat(ids("Keywords:montagne AND Date>=2015")).isEqualTo(of(montagne2016));
            assertThat(ids("Date<2015")).isEqualTo(of(montagne2014));
            assertThat(ids("Date<=2015")).isEqualTo(of(eiffel, montagne2014));
            assertThat(ids("Date=2016/04")).isEqualTo(of(montagne2016));
            assertThat(ids("Date>2015/07/14")).isEqualTo(of(montagne2016));
            assertThat(ids("Date:2015/07/14")).isEqualTo(of(eiffel));
        }

        @Test void numbers() {
            assertThat(ids("Pages>4")).isEqualTo(of(montagne2016));
            assertThat(ids("Pages>=4")).isEqualTo(of(montagne2014, montagne2016));
            assertThat(ids("Pages=12")).isEqualTo(of(montagne2016));
        }

        @Test void operators() {
            assertThat(ids("\"tour eiffel\" EXCEPT collection:archives")).isEqualTo(of(eiffel));
            assertThat(ids("neige OU glacier")).isEqualTo(of(montagne2014, montagne2016));
            assertThat(ids("(neige OR glacier) SAUF Pages>10")).isEqualTo(of(montagne2014));
        }

        @Test void nativeKeys() {
            assertThat(ids("collection:archives")).isEqualTo(of(archivedEiffel, offline));
            assertThat(ids("database:" + f.databox.value() + " recordid:" + canon.value())).isEqualTo(of(canon));
            assertThat(ids("id>=" + secret.value() + " type:image EXCEPT type:story")).isEqualTo(of(secret, offline));
            assertThat(ids("type:story")).isEqualTo(of(story));
            assertThat(ids("created_on>=2021")).contains(montagne2014.value(), montagne2016.value()).doesNotContain(eiffel.value());
            assertThat(ids("created_on<2021")).isEqualTo(of(eiffel));
        }

        @Test void flagsByTheirName() {
            assertThat(ids("flag.Online:true")).isEqualTo(of(eiffel, montagne2016, archivedEiffel, canon, secret));
            assertThat(ids("flag.online:false")).isEqualTo(of(montagne2014, offline, story));
            assertThat(ids("flag.valide:1")).isEqualTo(of(montagne2016));
        }

        @Test void technicalData() {
            assertThat(ids("meta.CameraModel:canon")).isEqualTo(of(canon));
            assertThat(ids("meta.CameraModel=\"Canon EOS 5D Mark II\"")).isEqualTo(of(canon));
            assertThat(ids("meta.Width>5000")).isEqualTo(of(canon));
            assertThat(ids("meta.Width<5000")).isEmpty();
        }

        @Test void aStoryIsADocumentWithItsTitle() {
            var hits = search.search("voyage", null, Set.of(), SearchSort.RELEVANCE, 0, 10, false, false).hits();
            assertThat(hits).singleElement().satisfies(h -> {
                assertThat(h.story()).isTrue();
                assertThat(h.title()).isEqualTo("Voyage à Paris");
            });
        }
    }

    @Nested @DisplayName("rights inside the query")
    class RightsInside {
        @Test void aUserSeesOnlyCollectionsWithAccessThroughTheStatusMask() {
            // bob: photos only, and only records with Online set
            assertThat(ids("", "bob")).isEqualTo(of(eiffel, montagne2016, canon, secret));
            assertThat(ids("\"tour eiffel\"", "bob")).isEqualTo(of(eiffel));
            assertThat(ids("Keywords:montagne", "bob")).isEqualTo(of(montagne2016));
        }

        @Test void countsAndFacetsNeverShowWhatTheUserMayNotSee() {
            SearchResult r = search.search("montagne OR paris", "bob", Set.of(), SearchSort.RELEVANCE, 0, 10, true, false);
            assertThat(r.total()).isEqualTo(2);
            var keywords = r.facets().stream().filter(x -> x.name().equals("Keywords")).findFirst().orElseThrow();
            assertThat(keywords.values()).extracting(SearchResult.FacetValue::value).containsExactlyInAnyOrder("montagne", "glacier", "paris", "monument");
            assertThat(keywords.values()).allSatisfy(v -> assertThat(v.count()).isEqualTo(1));
            var collections = r.facets().stream().filter(x -> x.name().equals("collection")).findFirst().orElseThrow();
            assertThat(collections.values()).singleElement().satisfies(v -> {
                assertThat(v.value()).isEqualTo(f.search().catalog().collectionName(f.photos));
                assertThat(v.count()).isEqualTo(2);
                assertThat(v.query()).isEqualTo("collection:" + f.photos.value());
            });
        }

        @Test void businessFieldsOnlyWhereTheUserMayEdit() {
            assertThat(ids("confidentiel")).isEqualTo(of(secret));                      // the installation sees everything
            assertThat(ids("confidentiel", "bob")).isEmpty();                           // bob cannot edit photos
            assertThatThrownBy(() -> ids("Internal:budget", "bob")).isInstanceOf(QuerySyntaxException.class)
                    .hasMessageContaining("unknown field 'Internal'");
            assertThat(ids("Internal:budget", "carol")).isEmpty();                      // carol edits archives, where no record has it
            var hit = search.search("contrat", null, Set.of(), SearchSort.RELEVANCE, 0, 10, false, false).hits().get(0);
            assertThat(hit.caption()).containsKey("Internal");
            var bobs = search.search("contrat", "bob", Set.of(), SearchSort.RELEVANCE, 0, 10, false, false).hits().get(0);
            assertThat(bobs.caption()).doesNotContainKey("Internal").containsKey("Headline");
        }

        @Test void theCollectionOptionNeverWidensTheRights() {
            var r = search.search("", "bob", Set.of(f.archives), SearchSort.RELEVANCE, 0, 10, false, false);
            assertThat(r.total()).isZero();
            var only = search.search("", null, Set.of(f.archives), SearchSort.parse("record_id"), 0, 10, false, false);
            assertThat(only.hits()).extracting(h -> h.record().value()).containsExactly(archivedEiffel.value(), offline.value());
        }

        @Test void aUserWithoutAnyCollectionFindsNothing() {
            f.athanor.users().create(new org.athanor.appbox.UserService.NewUser("nobody", null, org.athanor.testing.TestInstallation.ADMIN_PASSWORD, false, "en"));
            assertThat(ids("", "nobody")).isEmpty();
        }
    }

    @Nested @DisplayName("results")
    class Results {
        @Test void sortingAndPagination() {
            var all = search.search("", null, Set.of(), SearchSort.parse("created_on:asc"), 0, 3, false, false);
            assertThat(all.total()).isEqualTo(8);
            assertThat(all.hits()).extracting(h -> h.record().value()).containsExactly(eiffel.value(), montagne2014.value(), montagne2016.value());
            var page2 = search.search("", null, Set.of(), SearchSort.parse("created_on:asc"), 1, 2, false, false);
            assertThat(page2.hits()).extracting(h -> h.record().value()).containsExactly(montagne2014.value(), montagne2016.value());
            var byPages = search.search("Pages>0", null, Set.of(), SearchSort.parse("Pages:desc"), 0, 10, false, false);
            assertThat(byPages.hits()).extracting(h -> h.record().value()).containsExactly(montagne2016.value(), montagne2014.value());
            var byHeadline = search.search("montagne", null, Set.of(), SearchSort.parse("Headline"), 0, 10, false, false);
            assertThat(byHeadline.hits()).extracting(SearchResult.Hit::title).containsExactly("Aiguille du Midi", "Brouillon", "Mont Blanc");
        }

        @Test void relevanceFirstAndTitles() {
            var r = search.search("eiffel", null, Set.of(), SearchSort.RELEVANCE, 0, 10, false, false);
            assertThat(r.hits()).extracting(SearchResult.Hit::title).contains("La tour Eiffel", "Tour Eiffel 1889");
            assertThat(r.hits().get(0).score()).isGreaterThan(0f);
        }

        @Test void highlightsTheMatchedWordsInCaptions() {
            var hit = search.search("eglise", null, Set.of(), SearchSort.RELEVANCE, 0, 10, false, true).hits().get(0);
            assertThat(hit.highlights().get("Caption")).singleElement().asString()
                    .isEqualTo("Vue de <em>l&#x27;Église</em> et de la tour Eiffel au coucher du soleil");
        }

        @Test void technicalFacets() {
            var r = search.search("", null, Set.of(), SearchSort.RELEVANCE, 0, 1, true, false);
            assertThat(r.facets()).extracting(SearchResult.Facet::name).contains("collection", "type", "mime", "camera model", "Keywords");
            var camera = r.facets().stream().filter(x -> x.name().equals("camera model")).findFirst().orElseThrow();
            assertThat(camera.values()).singleElement().satisfies(v -> {
                assertThat(v.value()).isEqualTo("Canon EOS 5D Mark II");
                assertThat(v.count()).isEqualTo(1);
            });
        }
    }

    @Nested @DisplayName("errors")
    class Errors {
        @Test void anUnknownFieldNamesTheFieldsWithThePosition() {
            assertThatThrownBy(() -> ids("paris AND Colour:red")).isInstanceOfSatisfying(QuerySyntaxException.class, e -> {
                assertThat(e.position()).isEqualTo(11);
                assertThat(e.problem()).startsWith("unknown field 'Colour'. Fields: Object, Category,");
                assertThat(e.getMessage()).endsWith("\n  paris AND Colour:red\n            ^");
            });
        }

        @Test void wrongValues() {
            assertThat(((QuerySyntaxException) catchError("Date>=hier")).problem()).contains("is not a date");
            assertThat(((QuerySyntaxException) catchError("Pages>beaucoup")).problem()).contains("is not a number");
            assertThat(((QuerySyntaxException) catchError("Headline>b")).problem()).contains("use : (contains) or = (whole value)");
            assertThat(((QuerySyntaxException) catchError("collection:nowhere")).problem()).startsWith("unknown collection 'nowhere'");
            assertThat(((QuerySyntaxException) catchError("flag.Lost:true")).problem()).isEqualTo("unknown status flag.'Lost'. Known flags: online, valide.");
        }

        Throwable catchError(String q) {
            try {
                ids(q);
            } catch (RuntimeException e) {
                return e;
            }
            throw new AssertionError("no error for " + q);
        }
    }
}
