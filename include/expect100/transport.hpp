// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What changes when an exchange is one stream of a multiplexed connection (HTTP/2, RFC 9113)
// instead of the whole connection (HTTP/1.x): the few rules that depend on it, each in one place.
//
// The machines stay the same for every version. What differs is what an action costs and how an
// adapter performs it (docs/guide/http2.md):
// - `close` ends the exchange's carrier: the connection on HTTP/1.x, the stream on HTTP/2
//   (RST_STREAM, never the connection: H2-5, H2-6).
// - A body stopped half-way costs an HTTP/1.x connection (the server would read the rest as the
//   next request), so a client over a connection keeps sending after an early final response
//   (C-9). Over a stream nothing is out of step afterwards, so the client decides by the table
//   below (H2-7).
// - Body credit (body_credit() of the server and intermediary machines): HTTP/2 flow control
//   lets a server grant the client exactly what it admits (RFC 9113 §5.2, H2-8); an HTTP/1.x
//   server can only stop reading.
#ifndef EXPECT100_TRANSPORT_HPP
#define EXPECT100_TRANSPORT_HPP

#include <cstddef>
#include <cstdint>
#include <limits>

namespace expect100 {

// How a request's exchange is carried.
enum class exchange_transport : std::uint8_t {
    connection,  // HTTP/1.x: the exchange has the connection; a body cut short costs it
    stream,      // HTTP/2: one stream per exchange; the body can stop alone (RST_STREAM)
};

// The body credit of a machine that admits all of it (body_credit(): no bound of its own).
inline constexpr std::uint64_t unlimited_body_credit = std::numeric_limits<std::uint64_t>::max();

// ---- The client over a stream: a final response before the body is all sent (H2-7) ----------
// Implementations disagree here today: Go aborts for status > 299 and keeps sending otherwise,
// .NET skips the body for >= 300 and cancels the stream, curl resets only when the response
// ended with a status < 200 or >= 400, nghttp just stops its timer, and a bare nghttp2 client
// leaves the stream open forever. This table is the library's answer, by three facts:

// Where the body is when the final response comes.
enum class body_progress : std::uint8_t {
    held,       // not a byte sent: waiting for the 100, or the head still going out
    in_flight,  // partly sent
};
// The final status: 2xx may want the body still (a full-duplex exchange); 3xx, 4xx and 5xx
// answer the request without it.
enum class final_class : std::uint8_t { success, other };
// Whether the response was already complete with its head (END_STREAM on the HEADERS frame).
enum class response_extent : std::uint8_t { continues, complete };

enum class stream_body_fate : std::uint8_t {
    send,  // send the body (or go on): the server may read it; its RST_STREAM(NO_ERROR) stops it
    stop,  // send no more; the stream is cancelled once the response is read (the `close` action)
};

constexpr final_class to_final_class(std::uint16_t status) noexcept {
    return status >= 200 && status < 300 ? final_class::success : final_class::other;
}

struct stream_early_final_row {
    body_progress body;
    final_class status;
    response_extent response;
    stream_body_fate fate;
};

inline constexpr stream_early_final_row stream_early_final_table[] = {
    // A 2xx before the 100 that still has a body to come: the server may stream both ways (Go
    // and .NET send the body here); one already complete cannot use the body.
    {body_progress::held, final_class::success, response_extent::continues, stream_body_fate::send},
    {body_progress::held, final_class::success, response_extent::complete, stream_body_fate::stop},
    // 3xx, 4xx, 5xx before the 100: the request is answered without the body (.NET, RFC 9110
    // §10.1.1's purpose). Never send it; cancel once the response is read.
    {body_progress::held, final_class::other, response_extent::continues, stream_body_fate::stop},
    {body_progress::held, final_class::other, response_extent::complete, stream_body_fate::stop},
    // A 2xx mid-body: go on (RFC 9114 §4.1: a client SHOULD continue sending unless the server
    // aborts reading; HTTP/2 says nothing else). The server's RST_STREAM(NO_ERROR) ends it.
    {body_progress::in_flight, final_class::success, response_extent::continues,
     stream_body_fate::send},
    {body_progress::in_flight, final_class::success, response_extent::complete,
     stream_body_fate::send},
    // 3xx, 4xx, 5xx mid-body: stop. A complete one from a server that never resets would leave
    // the upload running for nothing (curl#15316).
    {body_progress::in_flight, final_class::other, response_extent::continues,
     stream_body_fate::stop},
    {body_progress::in_flight, final_class::other, response_extent::complete,
     stream_body_fate::stop},
};

namespace detail {

constexpr bool stream_table_is_complete() noexcept {
    constexpr std::size_t n =
        sizeof(stream_early_final_table) / sizeof(stream_early_final_table[0]);
    for (int b = 0; b < 2; ++b) {
        for (int c = 0; c < 2; ++c) {
            for (int r = 0; r < 2; ++r) {
                int rows = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    const stream_early_final_row& row = stream_early_final_table[i];
                    rows += static_cast<int>(row.body) == b && static_cast<int>(row.status) == c &&
                            static_cast<int>(row.response) == r;
                }
                if (rows != 1) return false;
            }
        }
    }
    return true;
}

constexpr bool stream_table_never_sends_for(final_class c) noexcept {
    for (const stream_early_final_row& row : stream_early_final_table) {
        if (row.status == c && row.fate == stream_body_fate::send) return false;
    }
    return true;
}

}  // namespace detail

static_assert(detail::stream_table_is_complete(),
              "H2-7: one row for every body progress x status class x response extent");
static_assert(detail::stream_table_never_sends_for(final_class::other),
              "H2-7: a body is never sent after a 3xx, 4xx or 5xx over a stream");

constexpr stream_body_fate decide_stream_early_final(body_progress body, std::uint16_t status,
                                                     response_extent response) noexcept {
    for (const stream_early_final_row& row : stream_early_final_table) {
        if (row.body == body && row.status == to_final_class(status) && row.response == response) {
            return row.fate;
        }
    }
    return stream_body_fate::stop;  // unreachable: the table is complete (static_assert above)
}

}  // namespace expect100

#endif  // EXPECT100_TRANSPORT_HPP
