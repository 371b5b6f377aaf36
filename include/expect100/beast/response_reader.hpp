// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// response_reader: the responses of one connection, read from bytes (sans-IO), as the events a
// client machine or an intermediary takes: each 1xx head, the final head, the end of the final
// response; and the close of the connection, which ends a body delimited by it (RFC 9112 §6.3
// item 8) or cuts a response short. async_read_response() below drives it from an Asio stream.
//
// Every program of this project read responses with the same loop (a parser per response, put,
// need_more, a fresh parser after each 1xx, put_eof on close) and each copy drifted; this is
// that loop, once. The bytes each call consumed are reported (`used`) so that a relay forwards
// them as they came, framing and all; the content bytes among them are counted (`content`) and,
// with a content_sink, handed over decoded.
//
// Protocol: expect(method) before each request's response; then put(bytes) and drop the first
// `used` bytes, again and again, until it answers need_more (read more, then put again);
// put_eof() when the peer closed.
#ifndef EXPECT100_BEAST_RESPONSE_READER_HPP
#define EXPECT100_BEAST_RESPONSE_READER_HPP

#include <expect100/beast/head_parser.hpp>
#include <expect100/message.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace expect100::beast {

enum class response_event : std::uint8_t {
    need_more,     // the bytes given were used (some, all or none) and nothing ended: read more
    interim_head,  // a 1xx head other than 101 is complete: facts() and record() hold it
    final_head,    // the final response's head is complete (its body, if any, follows)
    complete,      // the final response is complete: expect() before the next one
    closed,        // put_eof() with no response begun: the peer closed between exchanges
    unsolicited,   // bytes while no response is expected (before expect(), after complete)
    error,         // a malformed response, or the close cut one short: see `error`
};

struct response_step {
    response_event event = response_event::need_more;
    std::size_t used = 0;       // input bytes consumed by this call: drop them (or relay them)
    std::uint64_t content = 0;  // content bytes among them (chunk framing excluded)
    boost::system::error_code error;
};

class response_reader {
public:
    // @param sink receives the decoded content of every response (null: counted only).
    // @param header_limit the largest head accepted (a longer one is an error).
    explicit response_reader(content_sink* sink = nullptr,
                             std::uint32_t header_limit = 64 * 1024) noexcept
        : sink_(sink), header_limit_(header_limit) {}

    // Where decoded content goes from now on (this response's too): a relay that decodes a
    // chunked body for an HTTP/1.0 client decides so only once the final head is in.
    void set_content_sink(content_sink* sink) noexcept {
        sink_ = sink;
        if (parser_) parser_->set_content_sink(sink);
    }

    // The next response answers a request with `method` (a response to HEAD has no content,
    // RFC 9112 §6.3).
    void expect(request_method method) {
        method_ = method;
        phase_ = phase::head;
        parser_.reset();
        started_ = false;
    }

    response_step put(std::string_view bytes) {
        response_step r;
        if (phase_ == phase::idle || phase_ == phase::done) {
            r.event = bytes.empty() ? response_event::need_more : response_event::unsolicited;
            return r;
        }
        for (;;) {
            if (!parser_) start_message();
            if (phase_ == phase::body && parser_->is_done()) {
                phase_ = phase::done;
                r.event = response_event::complete;
                return r;
            }
            if (r.used == bytes.size()) return r;  // need_more
            boost::system::error_code ec;
            const std::size_t n =
                parser_->put(boost::asio::buffer(bytes.data() + r.used, bytes.size() - r.used), ec);
            r.used += n;
            r.content += parser_->take_content_bytes();
            started_ = started_ || n != 0;
            if (ec == boost::beast::http::error::need_more) return r;
            if (ec) {
                phase_ = phase::done;
                r.event = response_event::error;
                r.error = ec;
                return r;
            }
            if (phase_ == phase::head && parser_->is_header_done()) {
                facts_ = parser_->facts();
                if (facts_.is_interim()) {
                    parser_.reset();  // a 1xx is a message of its own: the next starts fresh
                    started_ = false;
                    r.event = response_event::interim_head;
                    return r;
                }
                phase_ = phase::body;
                r.event = response_event::final_head;
                return r;
            }
            if (n == 0 && !parser_->is_done()) return r;  // need_more
        }
    }

    response_step put_eof() {
        response_step r;
        if (phase_ == phase::idle || phase_ == phase::done ||
            (phase_ == phase::head && !started_)) {
            r.event = response_event::closed;
            return r;
        }
        if (phase_ == phase::body && parser_ && parser_->need_eof()) {
            boost::system::error_code ec;
            parser_->put_eof(ec);
            phase_ = phase::done;
            r.event = ec ? response_event::error : response_event::complete;
            r.error = ec;
            return r;
        }
        phase_ = phase::done;
        r.event = response_event::error;
        r.error = boost::beast::http::error::partial_message;
        return r;
    }

    // The last head read (interim or final). @pre an interim_head or final_head event.
    const response_facts& facts() const noexcept { return facts_; }
    const head_record& record() const noexcept { return record_; }
    // A final head was read and its body is not complete yet.
    bool in_body() const noexcept { return phase_ == phase::body; }
    // A response is expected or under way (expect() was called and it is not complete).
    bool in_response() const noexcept { return phase_ == phase::head || phase_ == phase::body; }
    // The response is complete (or failed); nothing is expected until expect().
    bool done() const noexcept { return phase_ == phase::done; }
    // The content still to come, when the final response's length is known (Content-Length)
    // and its body is under way; none otherwise (chunked, delimited by the close, complete).
    std::optional<std::uint64_t> known_remaining() const noexcept {
        if (phase_ != phase::body || !parser_ || parser_->is_done()) return std::nullopt;
        const auto left = parser_->content_length_remaining();
        if (!left) return std::nullopt;
        return *left;
    }
    // The rest of the body, known_remaining() bytes, was moved without passing through put() (a
    // relay's splice(2)): the response is complete. @pre known_remaining()
    void body_moved_elsewhere() noexcept { phase_ = phase::done; }
    // A body that ends only when the connection closes (RFC 9112 §6.3 item 8).
    bool ends_at_close() const noexcept {
        return phase_ == phase::body && parser_ && parser_->need_eof();
    }

private:
    enum class phase : std::uint8_t { idle, head, body, done };

    void start_message() {
        record_.clear();
        parser_.emplace(record_, method_);
        parser_->body_limit(boost::none);
        parser_->header_limit(header_limit_);
        parser_->set_content_sink(sink_);
    }

    head_record record_;
    std::optional<response_head_parser> parser_;
    response_facts facts_;
    content_sink* sink_ = nullptr;
    std::uint32_t header_limit_ = 64 * 1024;
    request_method method_ = request_method::post;
    phase phase_ = phase::idle;
    bool started_ = false;  // bytes of the current message were consumed
};

// Reads from `stream` into `pending` (bytes read and not yet used) and feeds `reader` until it
// has something to say, then completes with (error_code, response_step): any event but
// need_more, with `used` and `content` summed over the bytes it took (they are already out of
// `pending`; the content went to the reader's sink). For callers that do not relay the raw
// bytes: a relay calls put() itself. A read error other than the end of the stream completes
// with that error; the end of the stream completes with put_eof()'s answer. `pending` is a
// flat_buffer: a read goes into its spare room without clearing it first.
template <class AsyncReadStream, class CompletionToken>
auto async_read_response(AsyncReadStream& stream, boost::beast::flat_buffer& pending,
                         response_reader& reader, CompletionToken&& token) {
    enum class stage { start, parse, read };
    return boost::asio::async_compose<CompletionToken,
                                      void(boost::system::error_code, response_step)>(
        [&stream, &pending, &reader, at = stage::start, used = std::size_t{0},
         content = std::uint64_t{0}](auto& self, boost::system::error_code ec = {},
                                     std::size_t n = 0) mutable {
            constexpr std::size_t chunk = 16 * 1024;
            if (at == stage::start) {
                at = stage::parse;
                if (pending.size() == 0) {  // nothing to parse yet: read first
                    at = stage::read;
                    return stream.async_read_some(pending.prepare(chunk), std::move(self));
                }
                // Never complete inside the initiating function (the bytes are in `pending`
                // already): go through the executor once.
                return boost::asio::post(stream.get_executor(), std::move(self));
            }
            const auto finish = [&](boost::system::error_code e, response_step r) {
                r.used += used;
                r.content += content;
                self.complete(e, r);
            };
            if (at == stage::read) {
                pending.commit(n);
                if (ec == boost::asio::error::eof) return finish({}, reader.put_eof());
                if (ec) return finish(ec, response_step{});
            }
            const auto data = pending.data();
            const response_step r =
                reader.put(std::string_view(static_cast<const char*>(data.data()), data.size()));
            pending.consume(r.used);
            if (r.event != response_event::need_more) return finish({}, r);
            used += r.used;
            content += r.content;
            at = stage::read;
            stream.async_read_some(pending.prepare(chunk), std::move(self));
        },
        token, stream);
}

}  // namespace expect100::beast

#endif  // EXPECT100_BEAST_RESPONSE_READER_HPP
