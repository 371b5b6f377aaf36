// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Field sections and bodies as nghttp2 takes and gives them: a field_list filled from
// on_header callbacks (the facts come from it through http2.hpp), nghttp2_nv arrays built over
// any list of name/value pairs, and outgoing_body, the data provider of a request or response
// body that can be held (nothing is read from it) and released: the client's held body
// (NGHTTP2_ERR_DEFERRED, then nghttp2_session_resume_data) and a relayed response body that
// arrives in pieces.
#ifndef EXPECT100_NGHTTP2_FIELDS_HPP
#define EXPECT100_NGHTTP2_FIELDS_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nghttp2/nghttp2.h>

namespace expect100::nghttp2 {

// One field section as received, in order (pseudo-header fields first, as RFC 9113 §8.3 says).
class field_list {
public:
    using value_type = std::pair<std::string, std::string>;

    void clear() noexcept { fields_.clear(); }
    void add(std::string_view name, std::string_view value) {
        fields_.emplace_back(std::string(name), std::string(value));
    }
    // The value of the first field named `name` (exact: HTTP/2 names are lowercase).
    std::string_view get(std::string_view name) const noexcept {
        for (const value_type& f : fields_) {
            if (f.first == name) return f.second;
        }
        return {};
    }
    auto begin() const noexcept { return fields_.begin(); }
    auto end() const noexcept { return fields_.end(); }
    std::size_t size() const noexcept { return fields_.size(); }
    bool empty() const noexcept { return fields_.empty(); }

private:
    std::vector<value_type> fields_;
};

// nghttp2_nv entries pointing into strings that outlive the submit_* call (nghttp2 copies them).
class nv_array {
public:
    void add(std::string_view name, std::string_view value) {
        nghttp2_nv nv{};
        // nghttp2 takes non-const pointers and copies (no NO_COPY flag): the casts are safe.
        nv.name = reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data()));
        nv.namelen = name.size();
        nv.value = reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data()));
        nv.valuelen = value.size();
        nv.flags = NGHTTP2_NV_FLAG_NONE;
        nvs_.push_back(nv);
    }
    template <class Fields>
    void add_all(const Fields& fields) {
        for (const auto& [name, value] : fields)
            add(name, value);
    }
    const nghttp2_nv* data() const noexcept { return nvs_.data(); }
    std::size_t size() const noexcept { return nvs_.size(); }

private:
    std::vector<nghttp2_nv> nvs_;
};

// A body sent as DATA frames. The owner appends bytes as it has them and says when the body is
// complete; the read callback hands nghttp2 what there is, defers when there is nothing yet or
// the body is held, and ends the stream (END_STREAM) with the last byte.
class outgoing_body {
public:
    enum class gate : std::uint8_t {
        open,     // bytes go as nghttp2 asks for them
        held,     // nothing goes (the client waits for a 100)
        stopped,  // nothing goes, ever (the body was skipped or stopped)
    };

    explicit outgoing_body(gate g = gate::open) noexcept : gate_(g) {}
    outgoing_body(const outgoing_body&) = delete;
    outgoing_body& operator=(const outgoing_body&) = delete;

    // The provider to give submit_request / submit_response / submit_data.
    nghttp2_data_provider provider() noexcept {
        nghttp2_data_provider p{};
        p.source.ptr = this;
        p.read_callback = &outgoing_body::read;
        return p;
    }

    // More body. `session`/`stream_id` wake the provider if it deferred (nghttp2 asks again).
    void append(std::string_view bytes, nghttp2_session* session, std::int32_t stream_id) {
        queue_.append(bytes);
        wake(session, stream_id);
    }
    void finish(nghttp2_session* session, std::int32_t stream_id) {
        complete_ = true;
        wake(session, stream_id);
    }
    void set_gate(gate g, nghttp2_session* session, std::int32_t stream_id) {
        gate_ = g;
        wake(session, stream_id);
    }

    gate state() const noexcept { return gate_; }
    bool complete() const noexcept { return complete_; }
    // Bytes appended and not yet taken by nghttp2: backpressure for the producer.
    std::size_t queued() const noexcept { return queue_.size() - taken_; }
    // Those bytes: what a relay sends again when the stream was refused before any went.
    std::string_view pending() const noexcept { return std::string_view(queue_).substr(taken_); }
    // Bytes the buffer holds, taken ones included: at most about twice queued() (compact()).
    std::size_t buffered() const noexcept { return queue_.size(); }
    std::uint64_t sent() const noexcept { return sent_; }

private:
    static ssize_t read(nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t length,
                        std::uint32_t* flags, nghttp2_data_source* source, void*) {
        auto& self = *static_cast<outgoing_body*>(source->ptr);
        if (self.gate_ != gate::open) {
            self.deferred_ = true;
            return NGHTTP2_ERR_DEFERRED;
        }
        const std::size_t n = std::min(length, self.queue_.size() - self.taken_);
        if (n != 0) std::memcpy(buf, self.queue_.data() + self.taken_, n);
        self.taken_ += n;
        self.sent_ += n;
        self.compact();
        if (self.complete_ && self.queued() == 0) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            return static_cast<ssize_t>(n);
        }
        if (n == 0) {
            self.deferred_ = true;
            return NGHTTP2_ERR_DEFERRED;
        }
        return static_cast<ssize_t>(n);
    }

    // Taken bytes leave the buffer once they are at least half of it: a producer that always
    // stays ahead of nghttp2 (a relay appending 64 KiB reads while 16 KiB frames leave) never
    // empties it, and dropping them only when it empties let it grow by the whole body (found
    // relaying a 50 MB upload to an HTTP/2 origin: 73 MB resident).
    void compact() {
        if (taken_ == queue_.size()) {
            queue_.clear();
            taken_ = 0;
        } else if (taken_ >= 4096 && taken_ * 2 >= queue_.size()) {
            queue_.erase(0, taken_);
            taken_ = 0;
        }
    }

    void wake(nghttp2_session* session, std::int32_t stream_id) {
        if (!deferred_ || session == nullptr || gate_ != gate::open) return;
        deferred_ = false;
        // INVALID_ARGUMENT: the stream is gone or nothing is deferred; nothing to wake.
        (void)nghttp2_session_resume_data(session, stream_id);
    }

    std::string queue_;
    std::size_t taken_ = 0;
    std::uint64_t sent_ = 0;
    gate gate_;
    bool complete_ = false;
    bool deferred_ = false;
};

}  // namespace expect100::nghttp2

#endif  // EXPECT100_NGHTTP2_FIELDS_HPP
