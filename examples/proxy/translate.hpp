// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Heads across versions, for expect100-proxy: every rule of what crosses between an HTTP/2
// stream and an HTTP/1.1 message, in one place, both ways (docs/requirements.md H2-10 for an
// HTTP/2 client to an HTTP/1.1 origin, H2-13 for an HTTP/1.1 or HTTP/2 client to an HTTP/2
// origin). Pure functions over field lists and head_record: tests/nghttp2/translate.cpp checks
// them without a socket.
//
//   HTTP/2 request   -> HTTP/1.1 request    http1_request_head   (h2_session.hpp)
//   HTTP/1.1 response -> HTTP/2 response    http2_response_fields (h2_session.hpp)
//   HTTP/1.1 request -> HTTP/2 request     http2_request_fields (upstream_h2.hpp)
//   HTTP/2 response  -> HTTP/1.1 response   http1_response_head  (upstream_h2.hpp)
#ifndef EXPECT100_EXAMPLES_PROXY_TRANSLATE_HPP
#define EXPECT100_EXAMPLES_PROXY_TRANSLATE_HPP

#include <expect100/beast/head_parser.hpp>
#include <expect100/message.hpp>
#include <expect100/nghttp2/fields.hpp>
#include <expect100/wire.hpp>

#include <boost/beast/http/status.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace expect100::examples::h2 {

using field_pairs = std::vector<std::pair<std::string, std::string>>;

// An HTTP/2 field name from an HTTP/1.1 one: lowercase (RFC 9113 §8.2.1).
inline std::string lowercase(std::string_view name) {
    std::string out(name);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// How an HTTP/2 request's body of unknown length (no content-length) travels on HTTP/1.1.
enum class unknown_length : std::uint8_t {
    chunked,       // Transfer-Encoding: chunked (an HTTP/1.1 origin)
    content_only,  // no framing field: the content goes on as it is (an HTTP/2 origin)
};

// H2-10: an HTTP/2 request's head as HTTP/1.1 carries it. `:method` and `:path` make the
// request line; Host comes from `:authority` unless a host field came (RFC 9113 §8.3.1); cookie
// crumbs join with "; " into one line (§8.2.3); a body without content-length goes chunked.
inline void http1_request_head(const nghttp2::field_list& fields, body_framing framing,
                               unknown_length unknown, beast::head_record& out) {
    namespace http = beast::http;
    const std::string_view target = fields.get(":path");
    out.set_request_line(fields.get(":method"), target.empty() ? "/" : target, 11);
    bool host = false;
    std::string cookie;
    for (const auto& [name, value] : fields) {
        if (name.empty() || name.front() == ':') continue;
        const auto id = http::string_to_field(name);
        if (id == http::field::cookie) {
            cookie.append(cookie.empty() ? "" : "; ").append(value);
            continue;
        }
        host = host || id == http::field::host;
        out.add_field(id, name, value);
    }
    if (!cookie.empty()) out.add_field(http::field::cookie, "cookie", cookie);
    const std::string_view authority = fields.get(":authority");
    if (!host && !authority.empty()) out.add_field(http::field::host, "host", authority);
    if (framing == body_framing::end_of_stream && unknown == unknown_length::chunked)
        out.add_field(http::field::transfer_encoding, "transfer-encoding", "chunked");
    out.mark_connection_options();
}

// H2-10: the fields of an HTTP/1.1 response head that may go on an HTTP/2 one: not hop-by-hop,
// not connection-specific (RFC 9113 §8.2.2), Content-Length only on finals, and Via on finals.
enum class response_kind : std::uint8_t { interim, final };
inline field_pairs http2_response_fields(const beast::head_record& head, response_kind kind) {
    namespace http = beast::http;
    field_pairs out;
    for (const auto& f : head.fields()) {
        if (f.hop_by_hop || f.id == http::field::transfer_encoding) continue;
        if (kind == response_kind::interim && f.id == http::field::content_length) continue;
        out.emplace_back(lowercase(head.name_of(f)), std::string(head.value_of(f)));
    }
    if (kind == response_kind::final) out.emplace_back("via", "2 expect100");
    return out;
}

// H2-13: the HTTP/2 request for a head as an HTTP/1.1 hop would send it: `:method`, `:scheme`,
// `:authority` (from Host, else `default_authority`) and `:path` (RFC 9113 §8.3.1); the fields
// that may cross (no hop-by-hop or connection-specific one, §8.2.2, no Host, no framing); Expect
// as the machine's action says (the one rule of wire.hpp); Via.
inline field_pairs http2_request_fields(const beast::head_record& head, beast::expect_line expect,
                                        std::string_view scheme,
                                        std::string_view default_authority) {
    namespace http = beast::http;
    field_pairs out;
    const std::string_view host = head.find(http::field::host);
    out.emplace_back(":method", std::string(head.method()));
    out.emplace_back(":scheme", std::string(scheme));
    out.emplace_back(":authority", std::string(host.empty() ? default_authority : host));
    out.emplace_back(":path", std::string(head.target()));
    for (const auto& f : head.fields()) {
        if (f.hop_by_hop || f.id == http::field::host || f.id == http::field::transfer_encoding)
            continue;
        if (f.id == http::field::expect && expect != beast::expect_line::keep) {
            std::string rest;
            if (append_expect_without_continue(rest, head.value_of(f)))
                out.emplace_back("expect", std::move(rest));
            continue;
        }
        out.emplace_back(lowercase(head.name_of(f)), std::string(head.value_of(f)));
    }
    if (expect == beast::expect_line::add) out.emplace_back("expect", "100-continue");
    out.emplace_back("via", head.version() == 10 ? "1.0 expect100" : "1.1 expect100");
    return out;
}

// H2-13: an HTTP/2 response head (its fields, and the facts analyze_http2_response gave) as an
// HTTP/1.1 hop carries it: the status line, the regular fields, and the framing HTTP/1.1 needs.
// Content without content-length becomes chunked; a final that ended with its HEADERS gets
// Content-Length: 0 (an HTTP/1.1 response with neither would be delimited by the close).
// `facts` is updated to match what `out` says.
inline void http1_response_head(const nghttp2::field_list& fields, response_facts& facts,
                                beast::head_record& out) {
    namespace http = beast::http;
    const auto status = static_cast<unsigned>(facts.status);
    // HTTP/2 has no reason phrase: Beast's, or ours for a status it does not know (103).
    const http::status known = http::int_to_status(status);
    const auto beast_reason = http::obsolete_reason(known);
    const std::string_view reason =
        known == http::status::unknown ? reason_phrase(static_cast<std::uint16_t>(status))
                                       : std::string_view(beast_reason.data(), beast_reason.size());
    out.set_status_line(status, reason, 11);
    bool content_length = false;
    for (const auto& [name, value] : fields) {
        if (name.empty() || name.front() == ':') continue;
        const auto id = http::string_to_field(name);
        content_length = content_length || id == http::field::content_length;
        out.add_field(id, name, value);
    }
    if (facts.is_interim() || !facts.valid()) return;
    if (facts.framing == body_framing::end_of_stream) {
        out.add_field(http::field::transfer_encoding, "transfer-encoding", "chunked");
        facts.framing = body_framing::chunked;
    } else if (facts.framing == body_framing::none && !content_length && status != 204 &&
               status != 304) {
        out.add_field(http::field::content_length, "content-length", "0");
    }
}

}  // namespace expect100::examples::h2

#endif  // EXPECT100_EXAMPLES_PROXY_TRANSLATE_HPP
