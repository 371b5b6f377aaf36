// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The bytes of the responses a machine asks its caller to write itself: the 100 (send_continue,
// and a relayed 100), and the machine's own final statuses (send_final: 400, 408, 417, 501, 502,
// 503, 504, 505, or an intermediary's local answer), with Connection: close when add_close came
// first. Appended to the caller's buffer (a std::string, or any type with append(ptr, size)),
// so that a program whose parser is not Beast writes them the same way (examples/poll_proxy).
// Also the rules a relay applies to fields it writes on: which are hop-by-hop, which a relayed
// 1xx keeps, and the Expect value with 100-continue taken out. Needs only the standard library.
#ifndef EXPECT100_WIRE_HPP
#define EXPECT100_WIRE_HPP

#include <expect100/detail/ascii.hpp>
#include <expect100/detail/list.hpp>

#include <cstdint>
#include <string_view>

namespace expect100 {

enum class connection_header : std::uint8_t { keep_alive, close };

// The reason phrase of a status a machine or its caller writes (RFC 9110 §15). It means
// nothing to a recipient (RFC 9112 §4), so a status not listed gets its class's name.
constexpr std::string_view reason_phrase(std::uint16_t status) noexcept {
    switch (status) {
    case 100: return "Continue";
    case 102: return "Processing";
    case 103: return "Early Hints";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: break;
    }
    if (status < 200) return "Informational";
    if (status < 300) return "Success";
    if (status < 400) return "Redirection";
    if (status < 500) return "Client Error";
    return "Server Error";
}

namespace detail {

template <class Buffer>
void append(Buffer& out, std::string_view s) {
    out.append(s.data(), s.size());
}

template <class Buffer>
void append_status_line(Buffer& out, std::uint16_t status) {
    const char digits[3] = {static_cast<char>('0' + status / 100 % 10),
                            static_cast<char>('0' + status / 10 % 10),
                            static_cast<char>('0' + status % 10)};
    append(out, "HTTP/1.1 ");
    append(out, std::string_view(digits, 3));
    append(out, " ");
    append(out, reason_phrase(status));
    append(out, "\r\n");
}

}  // namespace detail

// An interim response: the status line and no field at all. No Content-Length or
// Transfer-Encoding (G-17) and never Connection: close (S-10), whatever an upstream 1xx carried
// (T-P-13). Always HTTP/1.1: a 1xx is never sent to an HTTP/1.0 client (S-2; the machines never
// ask for one).
template <class Buffer>
void append_interim(Buffer& out, std::uint16_t status = 100) {
    detail::append_status_line(out, status);
    detail::append(out, "\r\n");
}

// A final response of the machine's own with no content (Content-Length: 0); a Via line when
// `via` names this hop (an intermediary, RFC 9110 §7.6.3); Connection: close when asked.
template <class Buffer>
void append_own_final(Buffer& out, std::uint16_t status, connection_header connection,
                      std::string_view via = {}) {
    detail::append_status_line(out, status);
    detail::append(out, "Content-Length: 0\r\n");
    if (!via.empty()) {
        detail::append(out, "Via: 1.1 ");
        detail::append(out, via);
        detail::append(out, "\r\n");
    }
    if (connection == connection_header::close) detail::append(out, "Connection: close\r\n");
    detail::append(out, "\r\n");
}

// ---- Fields a relay writes on -----------------------------------------------------------------

// The hop-by-hop fields every message has (RFC 9110 §7.6.1): never written on by a proxy. The
// fields a Connection line names are hop-by-hop too; the caller knows those.
constexpr bool is_hop_by_hop(std::string_view name) noexcept {
    for (std::string_view h : {"connection", "keep-alive", "proxy-connection", "te", "upgrade"}) {
        if (detail::iequals(name, h)) return true;
    }
    return false;
}

// Whether a relayed 1xx keeps a field of the upstream's: its own fields do (a 103's Link), but
// no framing field (G-17: a 1xx has no content) and nothing hop-by-hop (T-P-13).
constexpr bool kept_in_relayed_interim(std::string_view name) noexcept {
    return !is_hop_by_hop(name) && !detail::iequals(name, "content-length") &&
           !detail::iequals(name, "transfer-encoding");
}

// The Expect value to write on when the 100-continue expectation is answered here
// (forward_head_without_expect) while other expectations travel on (RFC 9110 §10.1.1 leaves
// unknown ones to the next hop, P-6): the members other than 100-continue, in order, joined by
// ", " (the list grammar of RFC 9110 §5.6.1, quoted strings kept whole). @return false, and
// nothing appended, when no member remains: leave the field out. @pre the head was found valid
// (a value with a control character never gets this far).
template <class Buffer>
bool append_expect_without_continue(Buffer& out, std::string_view value) {
    bool any = false;
    (void)detail::for_each_list_member(value, [&](std::string_view member) {
        const std::string_view token =
            detail::trim_ows(member.substr(0, member.find_first_of("=;")));
        if (detail::iequals(token, "100-continue")) return true;
        if (any) detail::append(out, ", ");
        detail::append(out, member);
        any = true;
        return true;
    });
    return any;
}

}  // namespace expect100

#endif  // EXPECT100_WIRE_HPP
