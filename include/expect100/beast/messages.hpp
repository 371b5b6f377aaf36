// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Ready-made responses for the actions the machines emit: the 100 Continue (send_continue,
// relay_interim) and the machine's own final statuses (send_final: 400, 408, 417, 501, 502,
// 503, 504, 505), with Connection: close when add_close came first.
#ifndef EXPECT100_BEAST_MESSAGES_HPP
#define EXPECT100_BEAST_MESSAGES_HPP

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>

#include <cstdint>
#include <string_view>

namespace expect100::beast {

namespace http = boost::beast::http;

enum class connection_header : std::uint8_t { keep_alive, close };

// An interim response: status line and no header fields at all. No Content-Length or
// Transfer-Encoding (G-17) and never Connection: close (S-10), whatever the upstream 1xx carried
// (T-P-13). Always HTTP/1.1: a 1xx is never sent to an HTTP/1.0 client (S-2).
// The reason phrase of a 1xx. Beast 1.81 knows no 103 and writes "<unknown-status>" for any
// code it does not know, even when given an empty phrase; the phrase means nothing to a
// recipient (RFC 9112 §4), so an unknown 1xx gets the class name.
constexpr std::string_view interim_reason(std::uint16_t status) noexcept {
    switch (status) {
    case 100:
        return "Continue";
    case 102:
        return "Processing";
    case 103:
        return "Early Hints";
    default:
        return "Informational";
    }
}

inline http::response<http::empty_body> make_interim(std::uint16_t status = 100) {
    http::response<http::empty_body> res;
    res.version(11);
    res.result(static_cast<unsigned>(status));
    const std::string_view reason = interim_reason(status);
    res.reason(boost::beast::string_view(reason.data(), reason.size()));
    return res;
}

// A final response of the machine's own with an empty body (Content-Length: 0).
inline http::response<http::empty_body> make_final(std::uint16_t status,
                                                   connection_header connection) {
    http::response<http::empty_body> res;
    res.version(11);
    res.result(static_cast<unsigned>(status));
    res.content_length(0);
    if (connection == connection_header::close) {
        res.set(http::field::connection, "close");
    }
    return res;
}

} // namespace expect100::beast

#endif // EXPECT100_BEAST_MESSAGES_HPP
