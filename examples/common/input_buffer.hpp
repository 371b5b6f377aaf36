// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// A connection's read buffer: one allocation at the connection's start, reads go into the free
// tail as large as it is (a small read is a system call per 512 bytes: see
// docs/design/proxy_performance.md), parsed bytes are consumed from the front, and the unread
// rest is moved down only when the tail is too small for a useful read.
//
// Nothing moves while a read is in flight (between prepare() and commit()): the read writes
// into the tail it was given, so consume() may not rewind the buffer then, nor prepare() compact
// it. Every read's completion calls commit(n), with n = 0 on error.
#ifndef EXPECT100_EXAMPLES_COMMON_INPUT_BUFFER_HPP
#define EXPECT100_EXAMPLES_COMMON_INPUT_BUFFER_HPP

#include <boost/asio/buffer.hpp>

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace expect100::examples {

class input_buffer {
public:
    explicit input_buffer(std::size_t capacity)
        : storage_(new char[capacity]), capacity_(capacity) {}

    // Bytes read and not yet consumed.
    std::string_view data() const noexcept { return {storage_.get() + begin_, end_ - begin_}; }
    std::size_t size() const noexcept { return end_ - begin_; }
    bool empty() const noexcept { return begin_ == end_; }
    // No room to read into, even after moving the unread bytes down.
    bool full() const noexcept { return end_ - begin_ == capacity_; }

    void consume(std::size_t n) noexcept {
        begin_ += n;
        if (begin_ == end_ && !in_flight_) begin_ = end_ = 0;
    }
    // Room for the next read; moves the unread bytes down when the tail is small.
    // @pre no read in flight
    boost::asio::mutable_buffer prepare() noexcept {
        in_flight_ = true;
        if (begin_ == end_) begin_ = end_ = 0;
        if (capacity_ - end_ < capacity_ / 4 && begin_ != 0) {
            std::memmove(storage_.get(), storage_.get() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        return {storage_.get() + end_, capacity_ - end_};
    }
    void commit(std::size_t n) noexcept {
        in_flight_ = false;
        end_ += n;
    }

private:
    std::unique_ptr<char[]> storage_;
    std::size_t capacity_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
    bool in_flight_ = false;
};

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_COMMON_INPUT_BUFFER_HPP
