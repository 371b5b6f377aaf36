// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The client's connection as a session uses it, below HTTP: reads that stop when the session
// says so (backpressure, a held body, a pipelined request waiting its turn), writes gathered
// per batch, the end of a connection (our half-close, then a short linger, RFC 9112 §9.6), and
// the timeouts of our own (an idle keep-alive connection, a stalled head or body).
//
// Nothing here knows Expect. The session (session.hpp) is the Owner and is told, through these
// members of its own:
//   on_downstream_ready()     the TLS handshake is done (at once without TLS)
//   on_downstream_bytes()     input() has new bytes
//   on_body_pumped(n), on_body_pump_done(outcome)   what pump_to() moved, and how it ended
//   on_downstream_closed()    the client closed, or a read failed
//   on_downstream_flushed()   the write queue drained: what was stopped for it may go on
//   on_request_stalled()      the client kept us waiting longer than --request-timeout
//   client_wait waiting_for_client()  what, if anything, the client owes us now
//   bool response_in_flight()  a relayed response is still coming: no half-close yet
//   shut()                    close everything (the owner's, which ends with close() here)
// and every handler keeps the owner alive (owner.shared_from_this()).
#ifndef EXPECT100_EXAMPLES_PROXY_DOWNSTREAM_HPP
#define EXPECT100_EXAMPLES_PROXY_DOWNSTREAM_HPP

#include "../common/input_buffer.hpp"
#include "../common/net.hpp"
#include "../common/program.hpp"
#include "../common/protocol_choice.hpp"
#include "../common/splice_pump.hpp"
#include "config.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace expect100::examples {

enum class client_wait : std::uint8_t {
    idle,     // between requests: --idle-timeout, then close quietly
    request,  // a head or a body is under way: --request-timeout, then on_request_stalled()
    none,     // the client owes us nothing now (we owe it an answer, or it is told to wait)
};

template <class Owner>
class downstream_connection {
public:
    // `handshake`: pending for a connection just accepted (start() runs the TLS handshake, if
    // any); done when it already ran (ALPN chose http/1.1, proxy.cpp).
    downstream_connection(Owner& owner, stream s, const proxy_config& config, asio::io_context& io,
                          tls_handshake handshake)
        : owner_(owner),
          config_(config),
          stream_(std::move(s)),
          in_(config.buffer_size),
          timer_(io.get_executor()),
          handshake_(handshake) {}
    downstream_connection(const downstream_connection&) = delete;
    downstream_connection& operator=(const downstream_connection&) = delete;

    input_buffer& input() noexcept { return in_; }
    std::string& output() noexcept { return out_.queue(); }
    std::size_t backlog() const noexcept { return out_.backlog(); }
    bool closed() const noexcept { return closed_; }
    // close_after_flush() was called: nothing more is read, and the last write ends it.
    bool closing() const noexcept { return close_after_flush_; }
    // For a splice pump that writes to the client: the socket when the connection is plain TCP
    // and nothing is queued or being written.
    bool plain() const noexcept { return !stream_.is_tls(); }
    tcp::socket* socket_to_write() noexcept {
        return stream_.is_tls() || !out_.idle() || closed_ ? nullptr : &stream_.socket();
    }

    // ---- Reading in the kernel -------------------------------------------------------------
    // Instead of read(): the next `bytes` go straight to `to` (splice_pump.hpp), reported to
    // Owner::on_body_pumped(n) as they come, then Owner::on_body_pump_done(outcome). False when
    // it cannot be (TLS, a read in flight, no pipe): read instead.
    bool pump_to(tcp::socket& to, std::shared_ptr<const void> keep_to, std::uint64_t bytes) {
        if (stream_.is_tls() || reading_ || closed_ || close_after_flush_ || pump_) return false;
        auto pump = std::make_shared<splice_pump>(stream_.socket(), owner_.shared_from_this(), to,
                                                  std::move(keep_to), bytes);
        if (!pump->open()) return false;
        pump_ = pump;
        pump->run(
            [this](std::uint64_t n) {
                touch();
                owner_.on_body_pumped(n);
            },
            [this](splice_pump::outcome o) {
                pump_.reset();
                owner_.on_body_pump_done(o);
            });
        return true;
    }
    bool pumping() const noexcept { return pump_ != nullptr; }
    // The rest of what the pump takes is thrown away (a body after an early final response).
    void drop_pumped() {
        if (pump_) pump_->drop_rest();
    }

    void start() {
        touch();
        watch();
        if (handshake_ == tls_handshake::done) {
            asio::post(stream_.get_executor(),
                       [this, self = owner_.shared_from_this()] { owner_.on_downstream_ready(); });
            return;
        }
        stream_.async_handshake(ssl::stream_base::server, {},
                                [this, self = owner_.shared_from_this()](const error_code& ec) {
                                    if (ec) return owner_.shut();
                                    owner_.on_downstream_ready();
                                });
    }

    // Reads once more, unless a read is in flight, the connection is ending or the buffer is
    // full (the owner consumes first). The owner calls it only when it wants bytes.
    void read() {
        if (closed_ || reading_ || pump_ || close_after_flush_ || in_.full()) return;
        reading_ = true;
        stream_.async_read_some(in_.prepare(), [this, self = owner_.shared_from_this()](
                                                   const error_code& ec, std::size_t n) {
            reading_ = false;
            in_.commit(ec ? 0 : n);
            if (closed_) return;
            if (ec) return owner_.on_downstream_closed();
            touch();
            owner_.on_downstream_bytes();
        });
    }

    // ---- Writing ---------------------------------------------------------------------------
    // While one event is handled (bytes read on either side, a timer), writes only queue; the
    // batch's end flushes each side once (Owner::flush_upstream, then ours), so a head and the body
    // bytes read with it, or a final head and the start of its body, leave in one send
    // (docs/design/proxy_performance.md).
    class batch {
    public:
        explicit batch(downstream_connection& d) noexcept : d_(d) { ++d_.batch_depth_; }
        ~batch() {
            if (--d_.batch_depth_ != 0 || d_.closed_) return;
            d_.owner_.flush_upstream();
            d_.flush();
        }
        batch(const batch&) = delete;
        batch& operator=(const batch&) = delete;

    private:
        downstream_connection& d_;
    };
    batch write_batch() noexcept { return batch(*this); }
    bool batching() const noexcept { return batch_depth_ != 0; }

    void flush() {
        if (batching() || closed_) return;  // the batch's end flushes
        out_.flush(stream_, [this, self = owner_.shared_from_this()](const error_code& ec) {
            if (ec) return owner_.shut();
            after_flush();
        });
        if (!out_.busy()) after_flush();
    }

    // The connection ends once everything queued is written (and no relayed response is still
    // coming): our half-close, then the linger.
    void close_after_flush() noexcept { close_after_flush_ = true; }

    // ---- Our own timeouts ------------------------------------------------------------------
    // A request has begun: from now on it may stall for request_timeout, not the (longer) idle
    // timeout the timer may be waiting out.
    void on_request_begun() {
        if (config_.request_timeout < config_.idle_timeout) watch();
    }

    void close() {
        if (pump_) pump_->abandon();
        pump_.reset();
        closed_ = true;
        timer_.cancel();
        stream_.close();
    }

private:
    void touch() noexcept { last_io_ = steady::now(); }

    void after_flush() {
        if (close_after_flush_ && out_.idle() && !closed_ && !lingering_ &&
            !owner_.response_in_flight()) {
            lingering_ = true;
            if (pump_) pump_->abandon();  // the linger reads from now on
            pump_.reset();
            stream_.shutdown_send();
            linger();
        }
        owner_.on_downstream_flushed();
    }

    // After our half-close: read and drop until the client closes, a little while at most, so
    // that it reads our last response before any reset (RFC 9112 §9.6).
    void linger() {
        timer_.expires_after(std::chrono::seconds(2));
        timer_.async_wait([this, self = owner_.shared_from_this()](const error_code& ec) {
            if (!ec) owner_.shut();
        });
        stream_.async_read_some(in_.prepare(), [this, self = owner_.shared_from_this()](
                                                   const error_code& ec, std::size_t n) {
            in_.commit(ec ? 0 : n);
            if (ec) return owner_.shut();
            in_.consume(in_.size());
            linger();
        });
    }

    std::chrono::milliseconds limit_for(client_wait w) const noexcept {
        return w == client_wait::idle ? config_.idle_timeout : config_.request_timeout;
    }

    // The client's timeouts, from its last byte. While the client owes nothing (the exchange
    // waits on the upstream), the next look is a whole period from now: re-arming at the
    // deadline already past would fire at once, again and again (found by the fuzz kit: a
    // core spinning while an origin took longer than --request-timeout-ms).
    void watch() {
        const client_wait owed = owner_.waiting_for_client();
        const steady::time_point base =
            owed == client_wait::none ? std::max(last_io_, steady::now()) : last_io_;
        timer_.expires_at(base + limit_for(owed));
        timer_.async_wait([this, self = owner_.shared_from_this()](const error_code& ec) {
            if (ec || closed_ || lingering_) return;
            const client_wait w = owner_.waiting_for_client();
            if (steady::now() - last_io_ < limit_for(w) || w == client_wait::none) return watch();
            if (w == client_wait::idle) return owner_.shut();  // close quietly
            owner_.on_request_stalled();
        });
    }

    Owner& owner_;
    const proxy_config& config_;
    stream stream_;
    input_buffer in_;
    gather_writer out_;
    steady_timer timer_;  // our timeouts, then the linger
    steady::time_point last_io_{};
    int batch_depth_ = 0;
    std::shared_ptr<splice_pump> pump_;  // reading in the kernel instead
    tls_handshake handshake_;
    bool reading_ = false;
    bool close_after_flush_ = false;
    bool lingering_ = false;
    bool closed_ = false;
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_DOWNSTREAM_HPP
