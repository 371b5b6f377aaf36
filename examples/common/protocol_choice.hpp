// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Which HTTP a connection just accepted speaks, before any of it is parsed: ALPN decides after
// the TLS handshake (RFC 7301, RFC 9113 §3.2); in cleartext with h2c allowed, whether the first
// bytes are the HTTP/2 connection preface (prior knowledge, RFC 9113 §3.3), peeked so that
// nothing is consumed; otherwise HTTP/1.1. The proxy and the origin both start connections
// this way. A client that says nothing for `timeout` is closed.
#ifndef EXPECT100_EXAMPLES_COMMON_PROTOCOL_CHOICE_HPP
#define EXPECT100_EXAMPLES_COMMON_PROTOCOL_CHOICE_HPP

#include "net.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>

namespace expect100::examples {

enum class wire_protocol : std::uint8_t { http1, h2 };

// Whether the stream given to a connection has done its TLS handshake already.
enum class tls_handshake : std::uint8_t { pending, done };

namespace detail {

struct opening {
    opening(stream s, asio::io_context& context)
        : io(std::move(s)), deadline(context.get_executor()) {}
    stream io;
    steady_timer deadline;
};

template <class Open>
void sniff_preface(std::shared_ptr<opening> o, Open open) {
    o->io.socket().async_wait(tcp::socket::wait_read, [o, open](const error_code& ec) mutable {
        if (ec) return;
        char head[24];
        error_code peek;
        const std::size_t n =
            o->io.socket().receive(asio::buffer(head), tcp::socket::message_peek, peek);
        if (peek || n == 0) return;  // closed before its first byte
        const std::string_view got(head, n);
        if (n < http2_preface.size() && http2_preface.substr(0, n) == got) {
            o->deadline.expires_after(std::chrono::milliseconds(2));  // the rest of the preface
            o->deadline.async_wait([o, open](const error_code& e) mutable {
                if (!e) sniff_preface(o, std::move(open));
            });
            return;
        }
        o->deadline.cancel();
        open(std::move(o->io), got == http2_preface ? wire_protocol::h2 : wire_protocol::http1);
    });
}

}  // namespace detail

// Calls open(stream, wire_protocol) once the choice is made (TLS handshake done), or never when
// the client went away first. Without TLS and h2c, at once with the plain stream.
template <class Open>
void choose_protocol(asio::io_context& io, tcp::socket socket, ssl::context* tls, bool h2c,
                     std::chrono::milliseconds timeout, Open open) {
    if (tls == nullptr && !h2c)
        return open(stream(std::move(socket), nullptr), wire_protocol::http1);
    auto o = std::make_shared<detail::opening>(stream(std::move(socket), tls), io);
    o->deadline.expires_after(timeout);
    o->deadline.async_wait([o](const error_code& ec) {
        if (!ec) o->io.close();
    });
    if (tls == nullptr) return detail::sniff_preface(o, std::move(open));
    o->io.async_handshake(ssl::stream_base::server, {},
                          [o, open = std::move(open)](const error_code& ec) mutable {
                              o->deadline.cancel();
                              if (ec) return;
                              const bool h2 = o->io.alpn_protocol() == "h2";
                              open(std::move(o->io), h2 ? wire_protocol::h2 : wire_protocol::http1);
                          });
}

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_COMMON_PROTOCOL_CHOICE_HPP
