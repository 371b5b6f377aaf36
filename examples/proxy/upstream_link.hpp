// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The upstream side of one session's exchanges, below the machine's decisions: the connection
// (an idle one from the thread's pool, or a new one), the request head and body bytes written to
// it, the body bytes not released yet (held), the responses read from it with their body bytes
// relayed to the client as they came (or decoded for an HTTP/1.0 client), backpressure both
// ways, and whether the connection may go back to the pool when the exchange ends.
//
// Nothing here knows Expect: the session (session.hpp) says what to send, hold or drop, and is
// told, through these members of its own:
//   on_upstream_head_sent()   the request head left (all of it was written)
//   on_upstream_flushed()     the write queue drained: the client may be read again
//   on_response_head()        a 1xx or final head is in: responses().facts()
//   on_response_done(relayed) the final response is complete (relayed: it went to the client)
//   on_upstream_failure()     connecting, writing or reading failed, or the response was broken
// and every handler keeps the owner alive (owner.shared_from_this()).
//
// Down is where relayed response bytes go: the client's HTTP/1.1 connection
// (downstream_connection, framing and all), or an HTTP/2 stream (h2_session.hpp's stream_sink,
// which takes the decoded content: relay_body(decoded)). It offers output(), flush(),
// backlog(), closed(), batching(), write_batch(), and the splice hooks plain(), pumping(),
// socket_to_write(), pump_to() (an HTTP/2 stream never splices).
#ifndef EXPECT100_EXAMPLES_PROXY_UPSTREAM_LINK_HPP
#define EXPECT100_EXAMPLES_PROXY_UPSTREAM_LINK_HPP

#include "../common/splice_pump.hpp"
#include "config.hpp"
#include "downstream.hpp"
#include "upstream_pool.hpp"
#include "upstream_side.hpp"

#include <expect100/beast/head_parser.hpp>
#include <expect100/beast/response_reader.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace expect100::examples {

template <class Owner, class Down = downstream_connection<Owner>>
class upstream_link final : public upstream_side, private upstream_owner {
public:
    upstream_link(Owner& owner, Down& down, thread_state& thread, const proxy_config& config)
        : owner_(owner), down_(down), thread_(thread), config_(config) {}
    ~upstream_link() override { close(); }

    // ---- One exchange ------------------------------------------------------------------------
    upstream_body_input body_input() const noexcept override {
        return upstream_body_input::as_received;
    }

    void begin_exchange() override {
        body_ = body_mode::pending;
        held_.clear();
        response_ = response_phase::none;
        reusable_ = true;
    }

    // Writes the request head (on a pooled connection, or a new one) and expects a response.
    void send_head(const beast::head_record& head, beast::expect_line expect,
                   const request_facts& facts) override {
        reader_.expect(facts.method);
        reader_.set_content_sink(nullptr);
        response_ = response_phase::head;
        head_sent_ = false;
        if (!up_) {
            up_ = thread_.pool.take();
            reusable_ = true;  // a connection of its own (again, after a repeat: T-P-18)
            if (!up_) connect();
        }
        up_->set_owner(this);
        head.write_request_head(up_->output().queue(), expect, "expect100");
        flush();
        if (!connecting_) up_->read();  // a new connection reads once it is connected
    }

    // Body bytes as they came from the client, framing and all: queued if the machine released
    // the body and nothing waits before them, held if not yet, dropped after an early answer.
    void take_body(std::string_view raw) override {
        if (body_ == body_mode::dropping) return;
        if (body_ == body_mode::forwarding && held_.empty() && up_)
            up_->output().queue().append(raw);
        else
            held_.append(raw);
    }
    void end_body() override {}  // the framing ends it
    void forward_body() override {
        body_ = body_mode::forwarding;
        if (!held_.empty() && up_) {
            up_->output().queue().append(held_);
            held_.clear();
        }
        flush();
    }
    void hold_body() noexcept override { body_ = body_mode::holding; }
    void drop_body() override {
        body_ = body_mode::dropping;
        held_.clear();
    }
    bool holding_body() const noexcept override { return body_ == body_mode::holding; }
    // The rest of a released request body (`left` bytes, Content-Length) moves from the client
    // to the origin in the kernel (downstream_connection::pump_to): at least --splice-min bytes,
    // plain TCP both ways, everything queued before it written. @return false: read and copy
    // instead; true: it runs, or waits for the queue (on_upstream_flushed reads on).
    bool splice_body_from_client(std::uint64_t left) override {
        if (down_.pumping()) return true;
        if (config_.splice_min == 0 || left < config_.splice_min || !down_.plain() ||
            body_ != body_mode::forwarding || !up_ || up_->io().is_tls() || !held_.empty())
            return false;
        if (connecting_ || !up_->output().idle()) return true;
        return down_.pump_to(up_->io().socket(), up_, left);
    }

    // ---- Responses ---------------------------------------------------------------------------
    const response_facts& response() const noexcept override { return reader_.facts(); }
    const beast::head_record& response_head() const noexcept override { return reader_.record(); }
    bool response_begun() const noexcept override { return response_ == response_phase::body; }
    bool response_done() const noexcept override { return response_ == response_phase::done; }
    // A relayed final response is still coming: the client's connection stays open for it.
    bool relaying() const noexcept override {
        return response_ == response_phase::body && relaying_;
    }
    // The final head was relayed: its body follows it to the client, as it came, or decoded
    // (the content alone: an HTTP/1.0 client cannot read chunked, an HTTP/2 stream carries
    // content in DATA frames).
    void relay_body(bool decode_chunked) override {
        decode_chunked_ = decode_chunked;
        reader_.set_content_sink(decode_chunked ? &decoder_ : nullptr);
        relaying_ = true;
    }

    // ---- The connection ----------------------------------------------------------------------
    bool active() const noexcept override { return up_ != nullptr; }
    std::size_t backlog() const noexcept override { return up_ ? up_->output().backlog() : 0; }
    void not_reusable() noexcept override { reusable_ = false; }
    // A response the client will never see is not read on: the connection goes.
    void abandon_response() noexcept override {
        if (response_ == response_phase::head || response_ == response_phase::body)
            reusable_ = false;
    }

    void flush() override {
        if (!up_ || connecting_ || down_.batching()) return;
        up_->output().flush(
            up_->io(), [this, self = owner_.shared_from_this(), up = up_](const error_code& ec) {
                if (up_ != up || down_.closed()) return;
                if (ec) return owner_.on_upstream_failure();
                if (!head_sent_ && response_ != response_phase::none) {
                    head_sent_ = true;
                    owner_.on_upstream_head_sent();
                }
                owner_.on_upstream_flushed();
            });
    }
    // The client's queue drained: a response stopped for it reads on.
    void resume() override {
        if (up_ && response_ == response_phase::body && down_.backlog() < config_.backlog_limit())
            read_body();
    }
    // The exchange is over: back to the pool if the connection can carry another.
    void end_exchange() override {
        if (up_ && reusable_ && response_ == response_phase::done && up_->output().idle())
            thread_.pool.put_back(std::move(up_));
        close();
    }
    void drop() override {
        reusable_ = false;
        close();
    }
    void close() override {
        if (pump_) pump_->abandon();
        pump_.reset();
        if (up_) up_->close();
        up_.reset();
    }

private:
    enum class body_mode : std::uint8_t {
        pending,     // not released by the machine yet: bytes wait in held_
        forwarding,  // bytes go upstream
        holding,     // the machine said hold_body: the session stops reading the client
        dropping,    // after an early answer (stop_body, discard_body): parsed and dropped
    };
    enum class response_phase : std::uint8_t { none, head, body, done };

    void connect() {
        up_ = std::make_shared<upstream_connection>(thread_.io, config_.upstream_tls,
                                                    config_.buffer_size);
        connecting_ = true;
        up_->connect(config_.upstream, config_.upstream_host,
                     [this, self = owner_.shared_from_this(), up = up_](const error_code& ec) {
                         if (up_ != up || down_.closed()) return;
                         if (ec) return owner_.on_upstream_failure();
                         connecting_ = false;
                         flush();
                     });
    }

    void on_upstream_data(const error_code& ec) override {
        if (down_.closed()) return;
        const auto writes = down_.write_batch();
        read_responses();
        if (down_.closed() || !up_) return;
        if (ec) {
            if (reader_.ends_at_close()) {
                reusable_ = false;  // a response delimited by the close (RFC 9112 §6.3 #8)
                if (reader_.put_eof().event == beast::response_event::complete) return done();
            }
            return owner_.on_upstream_failure();
        }
        // Backpressure: a client slower than the origin stops the upstream reads until its
        // queue drains (resume()); a response is never held whole.
        if (down_.backlog() < config_.backlog_limit()) read_body();
    }

    // Reads on, or moves the rest of a relayed body in the kernel: a Content-Length body with
    // at least --splice-min bytes left, plain TCP both ways, nothing decoded, every byte read so
    // far relayed and the relayed head written.
    void read_body() {
        if (pump_) return;
        const auto left = reader_.known_remaining();
        const bool large = relaying() && !decode_chunked_ && config_.splice_min != 0 && left &&
                           *left >= config_.splice_min && !up_->io().is_tls() && down_.plain() &&
                           up_->input().empty() && !up_->reading();
        if (!large) return up_->read();
        tcp::socket* to = down_.socket_to_write();
        if (to == nullptr) return;  // resume() comes when the client's queue drained
        auto pump = std::make_shared<splice_pump>(up_->io().socket(), up_, *to,
                                                  owner_.shared_from_this(), *left);
        if (!pump->open()) return up_->read();
        pump_ = pump;
        pump->run([](std::uint64_t) {},
                  [this](splice_pump::outcome o) {
                      pump_.reset();
                      if (o == splice_pump::outcome::sink_failed)
                          return owner_.shut();  // the client left
                      if (o == splice_pump::outcome::source_closed)
                          return owner_.on_upstream_failure();
                      const auto writes = down_.write_batch();
                      reader_.body_moved_elsewhere();
                      done();
                  });
    }

    // One response event at a time: 1xx heads, the final head, its body bytes, its end.
    void read_responses() {
        while (up_ && !down_.closed()) {
            if (response_ == response_phase::none || response_ == response_phase::done) {
                if (!up_->input().empty()) reusable_ = false;  // bytes nobody asked for
                return;
            }
            const std::string_view in = up_->input().data();
            const beast::response_step s = reader_.put(in);
            if (relaying() && s.used != 0)
                down_.output().append(decode_chunked_ ? std::string_view(decoded_)
                                                      : in.substr(0, s.used));
            decoded_.clear();
            up_->input().consume(s.used);
            switch (s.event) {
            case beast::response_event::need_more: return down_.flush();
            case beast::response_event::interim_head: owner_.on_response_head(); break;
            case beast::response_event::final_head: final_head(); break;
            case beast::response_event::complete: return done();
            case beast::response_event::closed:
            case beast::response_event::unsolicited: reusable_ = false; return;
            case beast::response_event::error: return owner_.on_upstream_failure();  // 502
            }
        }
    }
    void final_head() {
        const response_facts& facts = reader_.facts();
        if (!facts.valid() || facts.status == 101)
            return owner_.on_upstream_failure();  // no upgrades
        if (facts.connection == connection_intent::close ||
            facts.framing == body_framing::until_close) {
            reusable_ = false;
        }
        response_ = response_phase::body;
        relaying_ = false;
        owner_.on_response_head();
    }
    void done() {
        const bool relayed = relaying_;
        relaying_ = false;
        response_ = response_phase::done;
        owner_.on_response_done(relayed);
    }

    struct decoder final : beast::content_sink {
        explicit decoder(std::string& out) : out_(out) {}
        void on_content(std::string_view bytes) override { out_.append(bytes); }
        std::string& out_;
    };

    Owner& owner_;
    Down& down_;
    thread_state& thread_;
    const proxy_config& config_;
    std::shared_ptr<upstream_connection> up_;
    std::shared_ptr<splice_pump> pump_;  // a response body moving in the kernel
    beast::response_reader reader_;
    std::string held_;     // body bytes the machine has not released yet
    std::string decoded_;  // decoded chunks on their way to an HTTP/1.0 client
    decoder decoder_{decoded_};
    body_mode body_ = body_mode::pending;
    response_phase response_ = response_phase::none;
    bool reusable_ = true;
    bool head_sent_ = false;
    bool connecting_ = false;
    bool relaying_ = false;
    bool decode_chunked_ = false;
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_UPSTREAM_LINK_HPP
