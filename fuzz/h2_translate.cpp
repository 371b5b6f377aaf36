// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Fuzz target: the proxy's heads across versions (examples/proxy/translate.hpp), both ways that
// an HTTP/2 origin adds (docs/requirements.md H2-13):
// - an HTTP/2 response's field section -> analyze_http2_response -> http1_response_head, and
//   the HTTP/1.1 head it writes read back by response_reader. Checked: the status survives, the
//   head parses, and a final response that may carry content is never left delimited by the
//   close (the bug class of an HTTP/2 response without content-length relayed as HTTP/1.1);
//   the framing read back is the one http1_response_head reported in the facts.
// - an HTTP/1.1 request head read by request_reader -> http2_request_fields. Checked: the four
//   pseudo-header fields first, once each; every name lowercase and every name and value one
//   nghttp2 accepts; no connection-specific field (analyze_http2_request finds none, H2-3);
//   Expect gone with expect_line::drop and 100-continue present with add.
// Input: byte 0 configures (bit 0: which direction; bit 1: the response ended with its HEADERS;
// bit 2: the request was HEAD; bits 3-4: the expect_line), the rest is the field section (lines
// "name:value", the first value is :status) or the HTTP/1.1 request head.
#include "../examples/proxy/translate.hpp"
#include "check.hpp"

#include <expect100/beast/request_reader.hpp>
#include <expect100/beast/response_reader.hpp>
#include <expect100/http2.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace expect100;
using fuzz::check;
namespace h2 = expect100::examples::h2;

bool nghttp2_accepts(std::string_view name, std::string_view value) {
    const auto* n = reinterpret_cast<const std::uint8_t*>(name.data());
    const auto* v = reinterpret_cast<const std::uint8_t*>(value.data());
    return nghttp2_check_header_name(n, name.size()) != 0 &&
           nghttp2_check_header_value(v, value.size()) != 0;
}

void response_direction(unsigned config, std::string_view text) {
    // Only what nghttp2 would deliver: valid names and values, one content-length of digits (it
    // resets the stream otherwise, nghttp2_http.c).
    nghttp2::field_list fields;
    bool first = true;
    bool content_length = false;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        const std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        if (first) {
            fields.add(":status", line);
            first = false;
            continue;
        }
        const std::size_t colon = line.find(':', 1);
        if (colon == std::string_view::npos) continue;
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = line.substr(colon + 1);
        if (!nghttp2_accepts(name, value)) continue;
        if (name == "content-length") {  // nghttp2 resets a stream with a second one, or one
                                         // that is not a number it can hold (int64_t)
            std::uint64_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (content_length || value.empty() || ec != std::errc{} ||
                end != value.data() + value.size() || n > std::uint64_t{INT64_MAX})
                return;
            content_length = true;
        }
        fields.add(name, value);
    }
    const stream_end end = (config & 2U) != 0 ? stream_end::at_head : stream_end::open;
    const request_method method = (config & 4U) != 0 ? request_method::head : request_method::post;
    response_facts facts = analyze_http2_response(fields, end, method);
    if (!facts.valid() || facts.status < 100 || facts.status > 599 || facts.status == 101) return;
    // A response that may carry content, ended with its HEADERS while its content-length says
    // more: nghttp2 resets the stream (the length does not match, nghttp2_http.c).
    const std::string_view length = fields.get("content-length");
    const bool may_carry = method != request_method::head && facts.status >= 200 &&
                           facts.status != 204 && facts.status != 304;
    if (end == stream_end::at_head && may_carry && !length.empty() &&
        length.find_first_not_of('0') != std::string_view::npos)
        return;
    beast::head_record record;
    h2::http1_response_head(fields, facts, record);
    std::string head;
    record.write_response_head(head, beast::connection_field::none, {});

    beast::response_reader reader;
    reader.expect(method);
    const beast::response_step s = reader.put(head);
    const bool interim = facts.is_interim();
    check(s.event ==
              (interim ? beast::response_event::interim_head : beast::response_event::final_head),
          "H2-13: the HTTP/1.1 head written for an HTTP/2 response does not parse as one");
    if (s.event != beast::response_event::final_head) return;
    const response_facts& back = reader.facts();
    check(back.status == facts.status, "H2-13: the status changed across versions");
    check(back.framing != body_framing::until_close,
          "H2-13: an HTTP/2 final response became close-delimited on HTTP/1.1");
    check(back.framing == facts.framing ||
              (facts.framing == body_framing::none &&
               back.framing == body_framing::content_length && back.content_length == 0),
          "H2-13: the framing read back is not the one reported");
}

void request_direction(unsigned config, std::string_view text) {
    beast::request_reader reader;
    reader.next();
    const beast::request_step s = reader.put(text);
    if (s.event != beast::request_event::head) return;
    constexpr beast::expect_line lines[] = {beast::expect_line::keep, beast::expect_line::drop,
                                            beast::expect_line::add, beast::expect_line::keep};
    const beast::expect_line line = lines[(config >> 3) & 3U];
    const h2::field_pairs out =
        h2::http2_request_fields(reader.record(), line, "http", "fallback.example");
    check(out.size() >= 4, "H2-13: fewer than four pseudo-header fields");
    const char* pseudo[] = {":method", ":scheme", ":authority", ":path"};
    for (std::size_t i = 0; i < 4 && i < out.size(); ++i)
        check(out[i].first == pseudo[i], "H2-13: the pseudo-header fields are not first, in order");
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto& [name, value] = out[i];
        if (i >= 4) {
            check(name.empty() || name.front() != ':', "H2-13: a pseudo-header field after 4");
            check(nghttp2_accepts(name, value), "H2-13: a field nghttp2 would refuse");
            for (const char c : name)
                check(!(c >= 'A' && c <= 'Z'), "H2-13: an uppercase field name (RFC 9113 §8.2.1)");
        }
    }
    // The analyser reads the translated section as the origin will (one rule: expectation.hpp).
    const request_facts facts = analyze_http2_request(out, stream_end::open);
    check(facts.valid() || facts.fault != errc::connection_specific_field,
          "H2-3: a connection-specific field crossed to HTTP/2");
    // add: the line is there (whatever other Expect members, malformed ones included, travel
    // beside it, P-6: the origin judges them, as with write_request_head on HTTP/1.1).
    if (line == beast::expect_line::add) {
        bool added = false;
        for (const auto& f : out)
            added = added || (f.first == "expect" && f.second == "100-continue");
        check(added, "H2-13: expect_line::add lost 100-continue");
    }
    if (!facts.valid()) return;
    if (line == beast::expect_line::drop)
        check(!facts.expect.has_continue(), "H2-13: expect_line::drop kept 100-continue");
    if (line == beast::expect_line::keep && reader.facts().valid())
        check(facts.expect.has_continue() == reader.facts().expect.has_continue(),
              "H2-13: expect_line::keep changed the expectation");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const unsigned config = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    if ((config & 1U) == 0)
        response_direction(config, text);
    else
        request_direction(config, text);
    return 0;
}
