// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// splice_pump: moves a known number of bytes from one TCP socket to another inside the kernel,
// through a pipe (splice(2), Linux): the bytes are never copied into user space, where the copy
// path reads them into a buffer and writes them out again. HAProxy calls this kernel splicing.
// A proxy uses it for the part of a body whose length it knows (Content-Length) and that it
// need not look at: plain TCP on both sides (TLS needs the bytes), no re-framing.
//
// The caller's promise: while a pump runs, nothing else reads `from` and nothing else writes
// `to` (bytes still queued for `to` were written before it started). The pump reports every
// chunk it took from `from` (moved(n): a proxy counts body bytes for its machine there, as they
// arrive), then how it ended (done(outcome)), once, unless abandoned first.
//
// drop_rest() turns it into a sink: what `from` still sends is read and thrown away (a request
// body after an early final response, when the connection is kept by draining it). abandon()
// stops it: no more callbacks; a wait in flight completes and does nothing.
#ifndef EXPECT100_EXAMPLES_COMMON_SPLICE_PUMP_HPP
#define EXPECT100_EXAMPLES_COMMON_SPLICE_PUMP_HPP

#include "net.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace expect100::examples {

class splice_pump : public std::enable_shared_from_this<splice_pump> {
public:
    enum class outcome : std::uint8_t {
        complete,       // every byte was moved (or dropped)
        source_closed,  // `from` closed or failed before the last byte
        sink_failed,    // writing to `to` failed
    };

    // `keep_from` and `keep_to` own the sockets: the pump keeps them alive while it runs.
    splice_pump(tcp::socket& from, std::shared_ptr<const void> keep_from, tcp::socket& to,
                std::shared_ptr<const void> keep_to, std::uint64_t bytes)
        : from_(from),
          to_(to),
          keep_from_(std::move(keep_from)),
          keep_to_(std::move(keep_to)),
          left_(bytes) {}
    splice_pump(const splice_pump&) = delete;
    splice_pump& operator=(const splice_pump&) = delete;
    ~splice_pump() {
        if (pipe_[0] >= 0) ::close(pipe_[0]);
        if (pipe_[1] >= 0) ::close(pipe_[1]);
    }

    // Makes the pipe. False when the kernel refuses (no descriptor left): copy instead.
    bool open() {
        if (::pipe2(pipe_, O_NONBLOCK | O_CLOEXEC) != 0) return false;
        // A larger pipe moves more per system call; the default (64 KiB) when not allowed.
        const int got = ::fcntl(pipe_[1], F_SETPIPE_SZ, 1 << 20);
        if (got > 0) pipe_size_ = static_cast<std::size_t>(got);
        error_code ignored;
        from_.native_non_blocking(true, ignored);
        to_.native_non_blocking(true, ignored);
        return true;
    }

    void run(std::function<void(std::uint64_t)> moved, std::function<void(outcome)> done) {
        moved_ = std::move(moved);
        done_ = std::move(done);
        step();
    }
    void drop_rest() {
        dropping_ = true;
        if (wait_ == waiting::to) {  // no need to wait for `to` any more
            wait_ = waiting::none;
            asio::post(from_.get_executor(), [self = shared_from_this()] { self->step(); });
        }
    }
    void abandon() noexcept { abandoned_ = true; }

private:
    void step() {
        const auto self = shared_from_this();  // a callback may let go of the last owner
        while (!abandoned_) {
            if (!empty_pipe()) return;  // waiting for `to`, or finished
            if (left_ == 0) return finish(outcome::complete);
            const std::uint64_t want = std::min<std::uint64_t>(left_, pipe_size_);
            const ssize_t n = ::splice(from_.native_handle(), nullptr, pipe_[1], nullptr, want,
                                       SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            if (n > 0) {
                left_ -= static_cast<std::uint64_t>(n);
                in_pipe_ += static_cast<std::size_t>(n);
                moved_(static_cast<std::uint64_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) {
                wait_ = waiting::from;
                from_.async_wait(tcp::socket::wait_read, [self](const error_code& ec) {
                    if (self->abandoned_ || self->wait_ != waiting::from) return;
                    self->wait_ = waiting::none;
                    if (ec) return self->finish(outcome::source_closed);
                    self->step();
                });
                return;
            }
            return finish(outcome::source_closed);  // n == 0: the peer closed
        }
    }

    // Writes (or drops) what the pipe holds. @return true when it is empty.
    bool empty_pipe() {
        while (in_pipe_ != 0) {
            ssize_t n = 0;
            if (dropping_) {
                n = ::read(pipe_[0], scratch_.data(), std::min(in_pipe_, scratch_.size()));
            } else {
                n = ::splice(pipe_[0], nullptr, to_.native_handle(), nullptr, in_pipe_,
                             SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            }
            if (n > 0) {
                in_pipe_ -= static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN && !dropping_) {
                wait_ = waiting::to;
                to_.async_wait(tcp::socket::wait_write,
                               [self = shared_from_this()](const error_code& ec) {
                                   if (self->abandoned_ || self->wait_ != waiting::to) return;
                                   self->wait_ = waiting::none;
                                   if (ec && !self->dropping_)
                                       return self->finish(outcome::sink_failed);
                                   self->step();
                               });
                return false;
            }
            finish(outcome::sink_failed);
            return false;
        }
        return true;
    }

    void finish(outcome o) {
        if (abandoned_) return;
        abandoned_ = true;  // once
        done_(o);
    }

    enum class waiting : std::uint8_t { none, from, to };

    tcp::socket& from_;
    tcp::socket& to_;
    std::shared_ptr<const void> keep_from_;
    std::shared_ptr<const void> keep_to_;
    std::uint64_t left_;
    waiting wait_ = waiting::none;
    int pipe_[2] = {-1, -1};
    std::size_t pipe_size_ = 64 * 1024;
    std::size_t in_pipe_ = 0;
    std::function<void(std::uint64_t)> moved_;
    std::function<void(outcome)> done_;
    std::array<char, 16 * 1024> scratch_{};  // where dropped bytes go
    bool dropping_ = false;
    bool abandoned_ = false;
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_COMMON_SPLICE_PUMP_HPP
