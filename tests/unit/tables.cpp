// The questions asked of the transition tables, the character table and the names of every
// enumeration, at run time.
//
// The machines' tables are checked by static_asserts (detail/<role>_table.hpp); a static_assert
// over a property that could never be false would prove nothing. So here every property is shown
// to *reject* a table that breaks it (the real table with one edge added or replaced), and to
// accept the real table, which the static_assert already did at compile time.
#include <expect100/action.hpp>
#include <expect100/error.hpp>
#include <expect100/expectation.hpp>
#include <expect100/message.hpp>

#include <expect100/detail/ascii.hpp>
#include <expect100/detail/client_table.hpp>
#include <expect100/detail/intermediary_table.hpp>
#include <expect100/detail/server_table.hpp>
#include <expect100/detail/table.hpp>

#include <catch2/catch.hpp>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace {

using namespace expect100;

// A copy of a role's table with room for one more edge (the last one), to break it with.
template <class Edge, std::size_t N>
struct table_plus_one {
    Edge edges[N + 1];

    table_plus_one(const Edge (&base)[N], Edge extra) {
        for (std::size_t i = 0; i < N; ++i)
            edges[i] = base[i];
        edges[N] = extra;
    }
};
template <class Edge, std::size_t N>
table_plus_one(const Edge (&)[N], Edge) -> table_plus_one<Edge, N>;

// A copy of a role's table with every edge that matches `drop` replaced by the table's first
// edge (so the size stays the same and no new move appears).
template <class Edge, std::size_t N>
struct table_without {
    Edge edges[N];

    template <class Pred>
    table_without(const Edge (&base)[N], Pred drop) {
        for (std::size_t i = 0; i < N; ++i)
            edges[i] = drop(base[i]) ? base[0] : base[i];
    }
};
template <class Edge, std::size_t N, class Pred>
table_without(const Edge (&)[N], Pred) -> table_without<Edge, N>;

// ---- The generic helpers of detail/table.hpp on a small table of their own ------------------
enum class tiny_state : std::uint8_t { a, b, c };
enum class tiny_event : std::uint8_t { go, stop };
using tiny_edge = detail::edge<tiny_state, tiny_event>;
constexpr std::size_t tiny_states = 3;
constexpr std::size_t tiny_events = 2;

}  // namespace

TEST_CASE("table helpers: reachability, acceptance, terminal states and only_from", "[tables]") {
    using S = tiny_state;
    using E = tiny_event;
    const tiny_edge chain[] = {
        {S::a, E::go, S::b},   {S::b, E::go, S::c},   {S::a, E::stop, S::c},
        {S::b, E::stop, S::c}, {S::c, E::stop, S::c},
    };
    CHECK(detail::allows(chain, S::a, E::go, S::b));
    CHECK_FALSE(detail::allows(chain, S::a, E::go, S::c));
    CHECK(detail::allows_event(chain, S::b, E::go));
    CHECK_FALSE(detail::allows_event(chain, S::c, E::go));

    CHECK(detail::every_state_reachable<tiny_states>(chain, S::a));
    CHECK_FALSE(detail::every_state_reachable<tiny_states>(chain, S::b));  // a is never reached

    // Reachability needs more than one pass when edges are listed against the path.
    const tiny_edge backwards[] = {{S::b, E::go, S::c}, {S::a, E::go, S::b}};
    CHECK(detail::every_state_reachable<tiny_states>(backwards, S::a));

    CHECK(detail::every_state_accepts<tiny_states>(chain, E::stop));
    CHECK_FALSE(detail::every_state_accepts<tiny_states>(chain, E::go));
    CHECK(detail::every_state_moves_to<tiny_states>(chain, E::stop, S::c));
    CHECK_FALSE(detail::every_state_moves_to<tiny_states>(backwards, E::go, S::c));

    CHECK(detail::is_terminal(chain, S::c));
    CHECK_FALSE(detail::is_terminal(chain, S::b));

    CHECK(detail::only_from(backwards, E::stop, S::a));  // no edge on stop at all
    CHECK_FALSE(detail::only_from(chain, E::go, S::a));  // b moves on go too
}

TEST_CASE("table helpers: the index says what the edges say, and a flipped bit is caught",
          "[tables]") {
    using S = tiny_state;
    using E = tiny_event;
    const tiny_edge chain[] = {{S::a, E::go, S::b}, {S::b, E::go, S::c}, {S::c, E::stop, S::a}};
    auto index = detail::make_index<tiny_states, tiny_events>(chain);
    CHECK(detail::index_allows(index, S::a, E::go, S::b));
    CHECK_FALSE(detail::index_allows(index, S::a, E::go, S::c));
    CHECK(detail::index_allows_event(index, S::c, E::stop));
    CHECK_FALSE(detail::index_allows_event(index, S::c, E::go));
    CHECK(detail::index_matches(index, chain));

    index[0][1] |= 1U;  // a --stop--> a: a move the edges do not have
    CHECK_FALSE(detail::index_matches(index, chain));
}

// ---- Each role's properties reject a table that breaks them ---------------------------------

TEST_CASE("client table: each checked property rejects a table that breaks it (C-2, C-13)",
          "[tables][client]") {
    namespace t = detail::client_table;
    using S = client_state;
    using E = client_event;
    REQUIRE(t::body_released_only_by_1xx_or_timer(t::edges));
    REQUIRE(detail::only_from(t::edges, E::start_request, S::idle));
    REQUIRE(detail::index_matches(t::index, t::edges));

    // C-2: a final response must not release the body.
    const table_plus_one early_body(
        t::edges, t::edge{S::awaiting_continue, E::final_response, S::sending_body});
    CHECK_FALSE(t::body_released_only_by_1xx_or_timer(early_body.edges));
    // C-13: no request on a connection that is busy or closed.
    const table_plus_one second_request(
        t::edges, t::edge{S::awaiting_response, E::start_request, S::sending_head});
    CHECK_FALSE(detail::only_from(second_request.edges, E::start_request, S::idle));
    // closed stays closed.
    const table_plus_one reopened(t::edges, t::edge{S::closed, E::timer, S::idle});
    CHECK_FALSE(detail::is_terminal(reopened.edges, S::closed));
    // Every state accepts the timer: take it away from one.
    const table_without deaf(t::edges, [](const t::edge& e) {
        return e.from == S::awaiting_continue && e.on == E::timer;
    });
    CHECK_FALSE(detail::every_state_accepts<client_state_count>(deaf.edges, E::timer));
    // Every state can be reached: cut the only ways into `switched`.
    const table_without unreachable(
        t::edges, [](const t::edge& e) { return e.to == S::switched && e.from != S::switched; });
    CHECK_FALSE(detail::every_state_reachable<client_state_count>(unreachable.edges, S::idle));
    // The index was built from the real edges: it disagrees with any other table.
    CHECK_FALSE(detail::index_matches(t::index, early_body.edges));
}

TEST_CASE("server table: each checked property rejects a table that breaks it",
          "[tables][server]") {
    namespace t = detail::server_table;
    using S = server_state;
    using E = server_event;
    REQUIRE(t::at_most_one_final_response(t::edges));
    REQUIRE(detail::only_from(t::edges, E::request_head, S::idle));
    REQUIRE(detail::index_matches(t::index, t::edges));

    // RFC 9110 §15: one final response per request.
    const table_plus_one twice(t::edges, t::edge{S::responding, E::final_response, S::responding});
    CHECK_FALSE(t::at_most_one_final_response(twice.edges));
    // RFC 9112 §9.3.2: a head only between exchanges (pipelining is the caller's queue).
    const table_plus_one overlap(t::edges, t::edge{S::responding, E::request_head, S::responding});
    CHECK_FALSE(detail::only_from(overlap.edges, E::request_head, S::idle));
    // The peer closing moves every state to closed.
    const table_without stuck(t::edges, [](const t::edge& e) {
        return e.from == S::responding && e.on == E::peer_closed;
    });
    CHECK_FALSE(
        detail::every_state_moves_to<server_state_count>(stuck.edges, E::peer_closed, S::closed));
    CHECK_FALSE(detail::index_matches(t::index, twice.edges));
}

TEST_CASE("intermediary table: each checked property rejects a table that breaks it",
          "[tables][intermediary]") {
    namespace t = detail::intermediary_table;
    using S = intermediary_state;
    using E = intermediary_event;
    REQUIRE(detail::only_from(t::edges, E::request_head, S::idle));
    REQUIRE(detail::every_state_accepts<intermediary_state_count>(t::edges, E::upstream_failed));
    REQUIRE(detail::index_matches(t::index, t::edges));

    const table_plus_one overlap(t::edges,
                                 t::edge{S::streaming_body, E::request_head, S::streaming_body});
    CHECK_FALSE(detail::only_from(overlap.edges, E::request_head, S::idle));
    const table_without no_failure(t::edges, [](const t::edge& e) {
        return e.from == S::awaiting_response && e.on == E::upstream_failed;
    });
    CHECK_FALSE(detail::every_state_accepts<intermediary_state_count>(no_failure.edges,
                                                                      E::upstream_failed));
    CHECK_FALSE(detail::index_matches(t::index, overlap.edges));
}

// ---- The character table against the grammar spelled out here, independently -------------

TEST_CASE("char table: tchar, OWS, CTL, DIGIT and obs-text as RFC 9110 §5.5 and §5.6 define them",
          "[tables][ascii]") {
    // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
    //                          "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    const std::string tchar_symbols = "!#$%&'*+-.^_`|~";
    for (unsigned c = 0; c < 256U; ++c) {
        INFO("byte " << c);
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        const bool tchar =
            alpha || digit || tchar_symbols.find(static_cast<char>(c)) != std::string::npos;
        const auto b = static_cast<char>(c);
        CHECK(detail::is_tchar(b) == tchar);
        CHECK(detail::is_digit(b) == digit);
        CHECK(detail::is_ows(b) == (c == 0x20U || c == 0x09U));
        CHECK(detail::is_ctl(b) == ((c <= 0x1FU && c != 0x09U) || c == 0x7FU));
        CHECK(detail::has_class(b, detail::cc_obs_text) == (c >= 0x80U));
        // The table is what make_char_table computes (also at run time).
        CHECK(detail::char_table[c] == detail::classify_byte(c));
        // ASCII-only folding: letters fold, obs-text never does (RFC 9110 §5.1).
        const char folded = detail::lower_table[c];
        CHECK(static_cast<unsigned char>(folded) == (c >= 'A' && c <= 'Z' ? c + 32U : c));
        CHECK(detail::to_lower(b) == folded);
    }
    CHECK(detail::make_char_table() == detail::char_table);
    CHECK(detail::make_lower_table() == detail::lower_table);
}

// ---- Every name an enumeration has is distinct; a value outside it is "?" -----------------

namespace {

// Names of the values 0..255 of E (those that have one); checks each is a snake_case word.
template <class E>
std::set<std::string> names_of() {
    std::set<std::string> names;
    for (unsigned v = 0; v < 256U; ++v) {
        const std::string_view n = to_string(static_cast<E>(v));
        if (n == "?") continue;
        INFO(n);
        CHECK(!n.empty());
        for (char c : n) {
            CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'));
        }
        CHECK(names.insert(std::string(n)).second);  // distinct
    }
    return names;
}

}  // namespace

TEST_CASE(
    "names: every state, event, action, framing and verdict has its own name and others are '?'",
    "[tables][names]") {
    CHECK(names_of<client_state>().size() == client_state_count);
    CHECK(names_of<client_event>().size() == client_event_count);
    CHECK(names_of<server_state>().size() == server_state_count);
    CHECK(names_of<server_event>().size() == server_event_count);
    CHECK(names_of<intermediary_state>().size() == intermediary_state_count);
    CHECK(names_of<intermediary_event>().size() == intermediary_event_count);
    CHECK(names_of<client_action>().size() == static_cast<std::size_t>(client_action::close) + 1);
    CHECK(names_of<server_action>().size() == static_cast<std::size_t>(server_action::close) + 1);
    CHECK(names_of<intermediary_action>().size() ==
          static_cast<std::size_t>(intermediary_action::close) + 1);
    CHECK(names_of<body_framing>().size() == static_cast<std::size_t>(body_framing::invalid) + 1);
    CHECK(names_of<expectation_kind>().size() ==
          static_cast<std::size_t>(expectation_kind::malformed) + 1);
    CHECK(names_of<expect_syntax_error>().size() ==
          static_cast<std::size_t>(expect_syntax_error::empty_list) + 1);
    CHECK(names_of<expect_grammar>().size() == 3);
    CHECK(names_of<expect_strictness>().size() == 2);
    CHECK(names_of<expect_note>().size() == 7);  // one per bit
    CHECK(to_string(static_cast<client_state>(200)) == "?");
    CHECK(to_string(static_cast<client_action>(200)) == "?");
    CHECK(to_string(static_cast<server_action>(200)) == "?");
    CHECK(to_string(static_cast<intermediary_action>(200)) == "?");
    CHECK(to_string(static_cast<expect_note>(3)) == "?");  // two bits are not one note
}
