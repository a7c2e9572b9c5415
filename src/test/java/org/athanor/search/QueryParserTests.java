package org.athanor.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.athanor.search.query.DateRange;
import org.athanor.search.query.Query;
import org.athanor.search.query.QueryParser;
import org.athanor.search.query.QuerySyntaxException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Phraseanet's query language")
class QueryParserTests {
    static String tree(String query) {
        return QueryParser.parse(query).tree();
    }

    static QuerySyntaxException error(String query) {
        try {
            QueryParser.parse(query);
        } catch (QuerySyntaxException e) {
            return e;
        }
        throw new AssertionError("parsed without error: " + query);
    }

    @Nested @DisplayName("words and phrases")
    class Words {
        @Test void anEmptyQueryFindsEverything() {
            assertThat(tree("")).isEqualTo("<all>");
            assertThat(tree("   ")).isEqualTo("<all>");
            assertThat(tree("*")).isEqualTo("<all>");
        }

        @Test void wordsSideBySideAreAnded() {
            assertThat(tree("montagne lac")).isEqualTo("(AND <text:montagne> <text:lac>)");
        }

        @Test void quotesMakeAnExactPhrase() {
            assertThat(tree("\"tour eiffel\" paris")).isEqualTo("(AND <phrase:\"tour eiffel\"> <text:paris>)");
        }

        @Test void aTrailingStarIsAPrefix() {
            assertThat(tree("mont*")).isEqualTo("<prefix:mont*>");
        }

        @Test void accentsAndPunctuationStayInTheWord() {
            assertThat(tree("église l'été")).isEqualTo("(AND <text:église> <text:l'été>)");
        }
    }

    @Nested @DisplayName("operators")
    class Operators {
        @Test void andOrExceptInEnglishAndFrench() {
            assertThat(tree("a AND b")).isEqualTo(tree("a ET b")).isEqualTo("(AND <text:a> <text:b>)");
            assertThat(tree("a OR b")).isEqualTo(tree("a OU b")).isEqualTo("(OR <text:a> <text:b>)");
            assertThat(tree("a EXCEPT b")).isEqualTo(tree("a SAUF b")).isEqualTo("(EXCEPT <text:a> <text:b>)");
        }

        @Test void operatorWordsIgnoreCaseAsInPhraseanet() {
            assertThat(tree("a and b or c")).isEqualTo("(OR (AND <text:a> <text:b>) <text:c>)");
        }

        @Test void andBindsTighterThanOrWhichBindsTighterThanExcept() {
            assertThat(tree("a OR b c EXCEPT d OR e"))
                    .isEqualTo("(EXCEPT (OR <text:a> (AND <text:b> <text:c>)) (OR <text:d> <text:e>))");
        }

        @Test void exceptChainsFromLeftToRight() {
            assertThat(tree("a EXCEPT b EXCEPT c")).isEqualTo("(EXCEPT (EXCEPT <text:a> <text:b>) <text:c>)");
        }

        @Test void parenthesesGroup() {
            assertThat(tree("(a OR b) c")).isEqualTo("(AND (OR <text:a> <text:b>) <text:c>)");
            assertThat(tree("a EXCEPT (b OR (c d))")).isEqualTo("(EXCEPT <text:a> (OR <text:b> (AND <text:c> <text:d>)))");
        }

        @Test void aQuotedOperatorIsAWord() {
            assertThat(tree("rock \"et\" roll")).isEqualTo("(AND <text:rock> <phrase:\"et\"> <text:roll>)");
        }
    }

    @Nested @DisplayName("fields and keys")
    class Keys {
        @Test void fieldColonValueContains() {
            assertThat(tree("Keywords:montagne")).isEqualTo("<Keywords:montagne>");
            assertThat(tree("Title: \"tour eiffel\"")).isEqualTo("<Title:\"tour eiffel\">");
            assertThat(tree("field.Title:paris")).isEqualTo("<Title:paris>");
        }

        @Test void fieldEqualsValueIsExact() {
            assertThat(tree("Title=\"La tour Eiffel\"")).isEqualTo("<Title=\"La tour Eiffel\">");
        }

        @Test void comparisonsOnNumbersAndDatesWithOrWithoutSpaces() {
            assertThat(tree("Date>=2015")).isEqualTo("<Date>=2015>");
            assertThat(tree("Date >= 2015/07/01")).isEqualTo("<Date>=2015/07/01>");
            assertThat(tree("Date<2016/04 Pages>10")).isEqualTo("(AND <Date<2016/04> <Pages>10>)");
            assertThat(tree("Date ≤ 2015")).isEqualTo("<Date<=2015>");
        }

        @Test void nativeKeys() {
            assertThat(tree("database:photos collection:archives type:image"))
                    .isEqualTo("(AND <database:photos> <collection:archives> <type:image>)");
            assertThat(tree("recordid:42")).isEqualTo(tree("id:42")).isEqualTo("<recordid:42>");
            assertThat(tree("uuid:0f8e sha256:ab12")).isEqualTo("(AND <uuid:0f8e> <sha256:ab12>)");
            assertThat(tree("created_on>=2015/07 updated_at<2016")).isEqualTo("(AND <created_on>=2015/07> <updated_on<2016>)");
        }

        @Test void flagsAreTrueOrFalse() {
            assertThat(tree("flag.Online:true flag.Archived:0")).isEqualTo("(AND <flag.Online:true> <flag.Archived:false>)");
        }

        @Test void metaAndExifKeys() {
            assertThat(tree("meta.CameraModel:\"Canon EOS 5D\" exif.Width>1000"))
                    .isEqualTo("(AND <meta.CameraModel:\"Canon EOS 5D\"> <meta.Width>1000>)");
        }

        @Test void theIssueExamples() {
            assertThat(tree("Keywords:montagne AND Date>=2015")).isEqualTo("(AND <Keywords:montagne> <Date>=2015>)");
            assertThat(tree("\"tour eiffel\" EXCEPT collection:archives"))
                    .isEqualTo("(EXCEPT <phrase:\"tour eiffel\"> <collection:archives>)");
        }

        @Test void conditionsRememberWhereTheyStart() {
            Query.And and = (Query.And) QueryParser.parse("lac  Keywords:montagne");
            assertThat(and.operands().get(1).position()).isEqualTo(6);
        }

        @Test void aSpaceBeforeTheColonIsNotAField() {
            assertThat(error("montagne :lac").position()).isEqualTo(10);
        }
    }

    @Nested @DisplayName("errors show the position")
    class Errors {
        @Test void anUnclosedParenthesis() {
            QuerySyntaxException e = error("a AND (b OR c");
            assertThat(e.position()).isEqualTo(7);
            assertThat(e.getMessage()).isEqualTo("""
                    Query error at position 7: '(' at position 7 is never closed. Add a ')' where it should end.
                      a AND (b OR c
                            ^""");
        }

        @Test void aParenthesisThatClosesNothing() {
            QuerySyntaxException e = error("a b) c");
            assertThat(e.position()).isEqualTo(4);
            assertThat(e.problem()).isEqualTo("')' closes no '('. Remove it, or add the '(' it should close.");
        }

        @Test void anOperatorWithoutItsOperands() {
            assertThat(error("a AND").position()).isEqualTo(3);
            assertThat(error("OR b").problem()).startsWith("'OR' needs a query on its left.");
            assertThat(error("a OR AND b").position()).isEqualTo(6);
        }

        @Test void aKeyWithoutValue() {
            QuerySyntaxException e = error("Date>=");
            assertThat(e.position()).isEqualTo(7);
            assertThat(e.problem()).isEqualTo("'Date>=' needs a value after it, e.g. Date>=value.");
        }

        @Test void anUnclosedQuote() {
            assertThat(error("paris \"tour eiffel").position()).isEqualTo(7);
        }

        @Test void wrongValuesOfNativeKeysAndFlags() {
            assertThat(error("created_on>=2015/13").problem())
                    .isEqualTo("'2015/13' is not a date: use YYYY, YYYY/MM, YYYY/MM/DD or YYYY/MM/DD HH:MM:SS.");
            assertThat(error("flag.Online:yes").position()).isEqualTo(13);
            assertThat(error("collection>3").problem()).isEqualTo("collection compares with : or =, not >.");
            assertThat(error("recordid:abc").position()).isEqualTo(10);
        }

        @Test void emptyParenthesesAndThesaurusBrackets() {
            assertThat(error("a ()").position()).isEqualTo(3);
            assertThat(error("[montagne]").position()).isEqualTo(1);
        }
    }

    @Nested @DisplayName("dates, full and partial")
    class Dates {
        @Test void aYearAMonthADay() {
            assertThat(DateRange.parse("2015").orElseThrow()).isEqualTo(range("2015-01-01T00:00:00Z", "2016-01-01T00:00:00Z"));
            assertThat(DateRange.parse("2016/04").orElseThrow()).isEqualTo(range("2016-04-01T00:00:00Z", "2016-05-01T00:00:00Z"));
            assertThat(DateRange.parse("2015/07/01").orElseThrow()).isEqualTo(range("2015-07-01T00:00:00Z", "2015-07-02T00:00:00Z"));
            assertThat(DateRange.parse("2015:07:01 10:30:05").orElseThrow()).isEqualTo(range("2015-07-01T10:30:05Z", "2015-07-01T10:30:06Z"));
            assertThat(DateRange.parse("2015-7-1")).isEqualTo(DateRange.parse("2015/07/01"));
        }

        @Test void notDates() {
            assertThat(DateRange.parse("2015/02/30")).isEmpty();
            assertThat(DateRange.parse("hier")).isEmpty();
        }

        static DateRange range(String from, String to) {
            return new DateRange(java.time.Instant.parse(from).toEpochMilli(), java.time.Instant.parse(to).toEpochMilli());
        }
    }
}
