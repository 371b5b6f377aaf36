// HTTP/2 rules the machines decide themselves (docs/requirements.md, H2-3, H2-4, H2-7, H2-8,
// H2-11), in virtual time and without nghttp2: the facts of an HTTP/2 field section
// (http2.hpp), the client's table for an early final response over a stream (transport.hpp),
// and the body credit of the server and the intermediary. RFC 9113 §5.2, §8.1, §8.2.2;
// RFC 9110 §10.1.1. What goes on the wire is tested through nghttp2 in tests/nghttp2/.
#include "../support/machine.hpp"

#include <expect100/client.hpp>
#include <expect100/http2.hpp>
#include <expect100/intermediary.hpp>
#include <expect100/presets.hpp>
#include <expect100/server.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace expect100;
using test::at_ms;
using test::text;
using clock_type = test::virtual_clock;

namespace {

using fields = std::vector<test::field>;

fields h2_put(std::vector<test::field> extra = {{"expect", "100-continue"}}) {
    fields f = {{":method", "PUT"},
                {":scheme", "https"},
                {":authority", "example.com"},
                {":path", "/upload"},
                {"content-length", "10"}};
    f.insert(f.end(), extra.begin(), extra.end());
    return f;
}

}  // namespace

// H2-4: RFC 9110 §10.1.1 binds "an HTTP/1.1 (or later) request": an HTTP/2 request with
// 100-continue and content is owed a 100, and END_STREAM on its HEADERS means no content.
TEST_CASE("T-H2-4 an HTTP/2 request with 100-continue is owed a 100 unless END_STREAM ended it",
          "[rfc9113][H2-4]") {
    const request_facts owed = analyze_http2_request(h2_put(), stream_end::open);
    CHECK(owed.version == http_version::http_2);
    CHECK(owed.method == request_method::put);
    CHECK(owed.framing == body_framing::content_length);
    CHECK(owed.content_length == 10);
    CHECK(owed.connection == connection_intent::keep_alive);
    CHECK(owed.expects_continue());

    const request_facts ended = analyze_http2_request(h2_put(), stream_end::at_head);
    CHECK(ended.framing == body_framing::none);
    CHECK_FALSE(ended.expects_continue());

    // No content-length: the stream's end delimits the body (RFC 9113 §8.1).
    const request_facts open_length = analyze_http2_request(
        fields{{":method", "POST"}, {":path", "/"}, {"expect", "100-Continue"}}, stream_end::open);
    CHECK(open_length.framing == body_framing::end_of_stream);
    CHECK(open_length.expects_continue());

    basic_server<presets::rfc9110_server<clock_type>> server;
    CHECK(text(server.on_request_head(owed, at_ms(0))).empty());
    CHECK(server.continue_owed());
    CHECK(text(server.accept(at_ms(1))) == "send_continue");

    basic_server<presets::rfc9110_server<clock_type>> no_body;
    CHECK(text(no_body.on_request_head(ended, at_ms(0))).empty());
    CHECK_FALSE(no_body.continue_owed());
    CHECK(no_body.state() == server_state::received);
}

// H2-3: Expect is not connection-specific; the fields that are make the message malformed.
TEST_CASE("T-H2-3 connection-specific fields make an HTTP/2 head malformed - Expect does not",
          "[rfc9113][H2-3]") {
    for (const test::field& bad :
         {test::field{"connection", "keep-alive"}, test::field{"keep-alive", "timeout=5"},
          test::field{"proxy-connection", "close"}, test::field{"transfer-encoding", "chunked"},
          test::field{"upgrade", "websocket"}, test::field{"te", "gzip"}}) {
        INFO(bad.first);
        const request_facts f = analyze_http2_request(h2_put({bad}), stream_end::open);
        CHECK_FALSE(f.valid());
        CHECK(f.fault == errc::connection_specific_field);
        CHECK(suggested_status(f.fault) == 400);
    }
    CHECK(analyze_http2_request(h2_put({{"te", "trailers"}}), stream_end::open).valid());
    CHECK(analyze_http2_request(h2_put({{"expect", "100-continue"}}), stream_end::open).valid());

    const response_facts r = analyze_http2_response(
        fields{{":status", "200"}, {"connection", "close"}}, stream_end::open, request_method::put);
    CHECK(r.fault == errc::connection_specific_field);
}

TEST_CASE("T-H2-1 HTTP/2 response facts - 1xx and END_STREAM", "[rfc9113][H2-1]") {
    const response_facts interim =
        analyze_http2_response(fields{{":status", "100"}}, stream_end::open, request_method::put);
    CHECK(interim.is_interim());
    CHECK(interim.framing == body_framing::none);
    CHECK(interim.version == http_version::http_2);

    const response_facts complete =
        analyze_http2_response(fields{{":status", "413"}, {"content-length", "0"}},
                               stream_end::at_head, request_method::put);
    CHECK(complete.status == 413);
    CHECK(complete.framing == body_framing::none);
    CHECK(complete.connection == connection_intent::keep_alive);

    const response_facts streamed =
        analyze_http2_response(fields{{":status", "200"}}, stream_end::open, request_method::put);
    CHECK(streamed.framing == body_framing::end_of_stream);

    CHECK(analyze_http2_response(fields{{":status", "20"}}, stream_end::open, request_method::put)
              .fault == errc::invalid_status_code);
}

// H2-7: the client over a stream decides by stream_early_final_table; over a connection (the
// same preset) it keeps sending (C-9). Each row of the table, through the machine.
TEST_CASE("T-H2-7 a final response while the body is held or in flight - over a stream",
          "[rfc9113][H2-7]") {
    using rfc_client = basic_client<presets::rfc9110_client<clock_type>>;
    struct row {
        body_progress body;
        std::uint16_t status;
        stream_end end;
        const char* on_final;     // the machine's answer to the final response
        const char* on_complete;  // ... and to the response's end
    };
    const row rows[] = {
        {body_progress::held, 200, stream_end::open, "send_body", ""},
        {body_progress::held, 201, stream_end::at_head, "skip_body", "close"},
        {body_progress::held, 413, stream_end::open, "skip_body", "close"},
        {body_progress::held, 413, stream_end::at_head, "skip_body", "close"},
        {body_progress::held, 302, stream_end::at_head, "skip_body", "close"},
        {body_progress::in_flight, 200, stream_end::open, "", ""},
        {body_progress::in_flight, 204, stream_end::at_head, "", ""},
        {body_progress::in_flight, 500, stream_end::open, "stop_body", "close"},
        {body_progress::in_flight, 413, stream_end::at_head, "stop_body", "close"},
    };
    for (const row& r : rows) {
        INFO("status " << r.status << (r.body == body_progress::held ? " held" : " in flight")
                       << (r.end == stream_end::at_head ? " END_STREAM" : ""));
        rfc_client c;
        client_request req;
        req.method = request_method::put;
        req.content_length = 4U * 1024U * 1024U;
        req.transport = exchange_transport::stream;
        CHECK(text(c.start_request(req, at_ms(0))) == "send_head_with_expect");
        CHECK(text(c.on_head_sent(at_ms(1))).empty());
        if (r.body == body_progress::in_flight) {
            CHECK(text(c.on_interim_response(100, at_ms(5))) == "send_body");
        }
        const response_facts final_head = analyze_http2_response(
            fields{{":status", std::to_string(r.status)}}, r.end, request_method::put);
        CHECK(text(c.on_final_response(final_head, at_ms(10))) == r.on_final);
        CHECK(text(c.on_response_complete(at_ms(11))) == r.on_complete);
        // The table's own answer agrees with what the machine did.
        const stream_body_fate fate = decide_stream_early_final(
            r.body, r.status,
            r.end == stream_end::at_head ? response_extent::complete : response_extent::continues);
        CHECK((fate == stream_body_fate::stop) == (std::string(r.on_complete) == "close"));
    }

    // The same 413 over an HTTP/1.1 connection: the body goes whole (C-9, C-12).
    rfc_client h1;
    client_request req;
    req.method = request_method::put;
    req.content_length = 4U * 1024U * 1024U;
    (void)h1.start_request(req, at_ms(0));
    (void)h1.on_head_sent(at_ms(1));
    CHECK(text(h1.on_final_response(
              analyze_response_head(413, http_version::http_1_1, fields{{"Content-Length", "0"}},
                                    request_method::put),
              at_ms(10))) == "send_body");
}

// H2-8: the server admits the body it wants and no more; an HTTP/2 adapter grants exactly that
// as window credit.
TEST_CASE("T-H2-8 the server's body credit follows the 100 and the early final",
          "[rfc9113][H2-8]") {
    using rfc_server = basic_server<presets::rfc9110_server<clock_type>>;
    const request_facts head = analyze_http2_request(h2_put(), stream_end::open);

    rfc_server accepted;
    (void)accepted.on_request_head(head, at_ms(0));
    CHECK(accepted.body_credit() == 0);  // deciding: nothing asked for yet
    CHECK(text(accepted.accept(at_ms(1))) == "send_continue");
    CHECK(accepted.body_credit() == unlimited_body_credit);  // all of it (its framing bounds it)
    (void)accepted.on_body_bytes(10, at_ms(2));
    (void)accepted.on_body_end(at_ms(3));
    CHECK(accepted.body_credit() == 10);  // done: nothing more

    // A client that skips the wait: what it sent is content (S-15), and nothing more is
    // granted until the application decides.
    rfc_server early;
    (void)early.on_request_head(head, at_ms(0));
    (void)early.on_body_bytes(4, at_ms(1));
    CHECK(early.body_credit() == 4);
    CHECK(text(early.on_final_response(413, at_ms(2))) == "discard_body(6)");
    CHECK(early.body_credit() == 10);  // the discard allowance: the rest of the announced body

    // 100 sent on the head (nginx's timing): the body is wanted at once.
    basic_server<presets::exchange_origin<clock_type>> eager;
    CHECK(text(eager.on_request_head(head, at_ms(0))) == "send_continue");
    CHECK(eager.body_credit() == unlimited_body_credit);

    // Closing after an early final: nothing more.
    basic_server<presets::go_server<clock_type>> closing;
    (void)closing.on_request_head(head, at_ms(0));
    CHECK(text(closing.on_final_response(401, at_ms(1))) == "add_close");
    CHECK(closing.body_credit() == 0);
}

TEST_CASE("T-H2-8 the intermediary's body credit follows the origin's 100", "[rfc9113][H2-8]") {
    using proxy = basic_intermediary<presets::rfc9110_intermediary<clock_type>>;
    const request_facts head = analyze_http2_request(h2_put(), stream_end::open);

    proxy relayed;
    CHECK(text(relayed.on_request_head(head, next_hop_version::unknown, at_ms(0))) ==
          "forward_head@up");
    CHECK(relayed.body_credit() == 0);
    (void)relayed.on_upstream_head_sent(at_ms(1));
    CHECK(text(relayed.on_upstream_interim(100, at_ms(2))) == "relay_interim(100) forward_body@up");
    CHECK(relayed.body_credit() == unlimited_body_credit);

    // KEMP's "Require 100-Continue": an early body is held, and so is the credit.
    basic_intermediary<presets::kemp_require_100<clock_type>> holding;
    (void)holding.on_request_head(head, next_hop_version::unknown, at_ms(0));
    (void)holding.on_upstream_head_sent(at_ms(1));
    CHECK(text(holding.on_body_bytes(3, at_ms(2))) == "hold_body");
    CHECK(holding.body_credit() == 3);

    // The origin's early 413: no more than the discard allowance (none: nothing came yet and
    // no 100 went down, so the default closes, P-15).
    proxy refused;
    (void)refused.on_request_head(head, next_hop_version::unknown, at_ms(0));
    (void)refused.on_upstream_head_sent(at_ms(1));
    (void)refused.on_upstream_final(
        analyze_http2_response(fields{{":status", "413"}}, stream_end::at_head,
                               request_method::put),
        at_ms(2));
    CHECK(refused.body_credit() == 0);
}
