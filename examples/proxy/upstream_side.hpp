// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// What an exchange asks of its upstream, whichever version speaks to the origin: HTTP/1.1 on a
// pooled connection (upstream_link.hpp, the default) or a stream on the thread's multiplexed
// HTTP/2 connection (upstream_h2.hpp, --upstream-h2). The sessions (session.hpp for HTTP/1.1
// clients, h2_session.hpp for HTTP/2 ones) drive the intermediary machine and perform its
// upstream actions through this interface only, so one session serves either upstream, and the
// machine never learns which (the point of issue 15: one machine, the version an adapter's
// business).
//
// The response it reads is presented as HTTP/1.1 would carry it: response() gives its facts and
// response_head() its head, with the framing a HTTP/1.1 hop needs (an HTTP/2 response without
// content-length says `Transfer-Encoding: chunked`, and its content is chunked when relayed
// undecoded), so the session's relay code does not change with the origin's version.
#ifndef EXPECT100_EXAMPLES_PROXY_UPSTREAM_SIDE_HPP
#define EXPECT100_EXAMPLES_PROXY_UPSTREAM_SIDE_HPP

#include <expect100/beast/head_parser.hpp>
#include <expect100/message.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace expect100::examples {

// How a request body reaches take_body().
enum class upstream_body_input : std::uint8_t {
    as_received,  // the bytes as they came from an HTTP/1.1 client, framing and all
    content,  // the content alone (decoded from chunked; an HTTP/2 stream's DATA) and end_body()
};

class upstream_side {
public:
    upstream_side() = default;
    upstream_side(const upstream_side&) = delete;
    upstream_side& operator=(const upstream_side&) = delete;
    virtual ~upstream_side() = default;

    virtual upstream_body_input body_input() const noexcept = 0;

    // ---- One exchange ------------------------------------------------------------------------
    virtual void begin_exchange() = 0;
    // The request head, with Expect as `expect` says (forward_head*); a response is awaited.
    virtual void send_head(const beast::head_record& head, beast::expect_line expect,
                           const request_facts& facts) = 0;
    // Body bytes (as body_input() says): sent if released, held if not yet, dropped after an
    // early answer.
    virtual void take_body(std::string_view bytes) = 0;
    // The request body is complete (content input only: HTTP/1.1 framing says so itself).
    virtual void end_body() = 0;
    virtual void forward_body() = 0;  // forward_body: the held bytes go, and the rest as it comes
    virtual void hold_body() noexcept = 0;
    virtual void drop_body() = 0;  // stop_body, discard_body
    virtual bool holding_body() const noexcept = 0;
    // The rest of a Content-Length body in the kernel (HTTP/1.1 to HTTP/1.1 only). @return
    // false: read and copy instead.
    virtual bool splice_body_from_client(std::uint64_t left) = 0;

    // ---- Responses ---------------------------------------------------------------------------
    virtual const response_facts& response() const noexcept = 0;
    virtual const beast::head_record& response_head() const noexcept = 0;
    virtual bool response_begun() const noexcept = 0;  // the final head is in
    virtual bool response_done() const noexcept = 0;   // the final response is complete
    virtual bool relaying() const noexcept = 0;        // a relayed final's body is still coming
    // The final head was relayed: its body follows, as an HTTP/1.1 hop frames it, or decoded
    // (the content alone: for an HTTP/1.0 client, or an HTTP/2 stream's DATA frames).
    virtual void relay_body(bool decoded) = 0;

    // ---- The connection or stream ------------------------------------------------------------
    virtual bool active() const noexcept = 0;
    // Request bytes accepted and not yet written: the client is not read while this is high.
    virtual std::size_t backlog() const noexcept = 0;
    virtual void not_reusable() noexcept = 0;
    virtual void abandon_response() noexcept = 0;  // the client will never see the response
    virtual void flush() = 0;
    virtual void resume() = 0;  // the client's queue drained: a response stopped for it reads on
    virtual void end_exchange() = 0;
    virtual void drop() = 0;  // the exchange's upstream goes: the connection, or the stream
    virtual void close() = 0;
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_UPSTREAM_SIDE_HPP
