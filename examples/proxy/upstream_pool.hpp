// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Upstream connections and the per-thread pool of idle ones.
//
// An upstream connection always has one read in flight, from the moment it connects: while a
// session uses it, the bytes go to that session; while it sits idle in the pool, any completion
// (the origin closing it, or bytes nobody asked for) marks it dead. So a connection the origin
// closed is never handed out, without a probe or a cancel per request.
//
// One pool per thread (per io_context): no locks, and a session only ever uses connections of
// its own thread (docs/design/proxy_performance.md: one io_context per thread beat a shared one).
#ifndef EXPECT100_EXAMPLES_PROXY_UPSTREAM_POOL_HPP
#define EXPECT100_EXAMPLES_PROXY_UPSTREAM_POOL_HPP

#include "../common/input_buffer.hpp"
#include "../common/net.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace expect100::examples {

// What an upstream connection reports to the session that uses it.
class upstream_owner {
public:
    virtual void on_upstream_data(const error_code& ec) = 0;

protected:
    virtual ~upstream_owner() = default;
};

class upstream_connection : public std::enable_shared_from_this<upstream_connection> {
public:
    upstream_connection(asio::io_context& io, ssl::context* tls, std::size_t buffer)
        : stream_(io, tls), in_(buffer) {}

    stream& io() noexcept { return stream_; }
    input_buffer& input() noexcept { return in_; }
    gather_writer& output() noexcept { return out_; }
    bool alive() const noexcept { return alive_; }
    bool reading() const noexcept { return reading_; }
    void set_owner(upstream_owner* owner) noexcept { owner_ = owner; }

    // Connects to `to` (with TLS, a client handshake sending `host` as SNI and checking it),
    // then keeps one read in flight. `done(error_code)` runs once, in either case.
    template <class Done>
    void connect(const tcp::endpoint& to, std::string host, Done&& done) {
        stream_.socket().async_connect(to, [self = shared_from_this(), host = std::move(host),
                                            d = std::forward<Done>(done)](
                                               const error_code& ec) mutable {
            if (ec) return d(ec);
            error_code ignored;  // a failure here shows in the first write
            self->stream_.socket().set_option(tcp::no_delay(true), ignored);
            self->stream_.async_handshake(ssl::stream_base::client, host,
                                          [self, d = std::move(d)](const error_code& hec) mutable {
                                              if (!hec) self->read();
                                              d(hec);
                                          });
        });
    }

    // Keeps one read in flight (called once connected, and by the owner when it wants more).
    void read() {
        if (reading_ || !alive_) return;
        if (in_.full()) return;  // the owner consumes first
        reading_ = true;
        stream_.async_read_some(
            in_.prepare(), [self = shared_from_this()](const error_code& ec, std::size_t n) {
                self->reading_ = false;
                self->in_.commit(ec ? 0 : n);
                if (self->owner_ == nullptr) {  // idle in the pool: closed by the origin, or junk
                    self->close();
                    return;
                }
                if (ec) self->alive_ = false;
                self->owner_->on_upstream_data(ec);
            });
    }
    void close() {
        alive_ = false;
        owner_ = nullptr;
        stream_.close();
    }

private:
    stream stream_;
    input_buffer in_;
    gather_writer out_;
    upstream_owner* owner_ = nullptr;
    bool reading_ = false;
    bool alive_ = true;
};

class upstream_pool {
public:
    explicit upstream_pool(std::size_t max_idle) : max_idle_(max_idle) {}

    // An idle live connection, or null.
    std::shared_ptr<upstream_connection> take() {
        while (!idle_.empty()) {
            std::shared_ptr<upstream_connection> c = std::move(idle_.back());
            idle_.pop_back();
            if (c->alive() && c->input().empty()) return c;
            c->close();
        }
        return nullptr;
    }
    void put_back(std::shared_ptr<upstream_connection> c) {
        c->set_owner(nullptr);
        if (!c->alive() || closed_ || idle_.size() >= max_idle_ || !c->input().empty()) {
            c->close();
            return;
        }
        c->read();  // the watch for the origin closing it while it idles (see the top)
        idle_.push_back(std::move(c));
    }
    void close_all() {
        closed_ = true;
        for (auto& c : idle_)
            c->close();
        idle_.clear();
    }

private:
    std::vector<std::shared_ptr<upstream_connection>> idle_;
    std::size_t max_idle_;
    bool closed_ = false;
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_UPSTREAM_POOL_HPP
