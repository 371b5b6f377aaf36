// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The probe's step-by-step style on Asio: run the io_context until a condition holds or a time
// passes, and open a connection that way (resolve, connect, the TLS handshake with SNI). The
// probe's experiments (HTTP/1.1 and HTTP/2) and the suite's client share it.
#ifndef EXPECT100_EXAMPLES_COMMON_BLOCKING_HPP
#define EXPECT100_EXAMPLES_COMMON_BLOCKING_HPP

#include "http.hpp"
#include "net.hpp"

#include <chrono>
#include <string>

namespace expect100::examples {

template <class Done>
void run_until(asio::io_context& io, Done done, std::chrono::milliseconds limit) {
    io.restart();
    const auto until = steady::now() + limit;
    while (!done() && steady::now() < until)
        io.run_one_for(until - steady::now());
}

// Connects `s` to `where` and runs its TLS handshake (none on a plain stream). @return an error
// text naming `peer` ("the proxy", ...), or empty.
inline std::string connect_blocking(asio::io_context& io, stream& s, const url& where,
                                    const std::string& peer = "the server") {
    tcp::resolver resolver(io);
    error_code ec;
    const auto endpoints = resolver.resolve(where.host, where.port, ec);
    if (ec) return "cannot resolve " + where.host + ": " + ec.message();
    asio::connect(s.socket(), endpoints, ec);
    if (ec) return "cannot connect to " + peer + ": " + ec.message();
    s.socket().set_option(tcp::no_delay(true));
    bool done = false;
    s.async_handshake(ssl::stream_base::client, where.host, [&](const error_code& h) {
        ec = h;
        done = true;
    });
    run_until(
        io, [&] { return done; }, std::chrono::seconds(10));
    if (!done) return "TLS handshake timed out";
    if (ec) return "TLS handshake: " + ec.message();
    return {};
}

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_COMMON_BLOCKING_HPP
