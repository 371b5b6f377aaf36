// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// One HTTP/2 stream on the side that sends a request: a client, or the origin-facing side of a
// proxy. It turns the client machine's actions into nghttp2 calls and what nghttp2 reports into
// the machine's events.
//
// Theory of operation
// -------------------
// submit() sends the request head with a data provider whose gate is held: no DATA goes until
// the machine says so. The handler (session.hpp) routes the stream's callbacks here:
// on_frame_send -> on_frame_sent (the request's HEADERS written: on_head_sent, where the wait
// for the 100 starts, H2-9; its last DATA written: on_body_sent), on_begin_headers/on_header/
// on_frame_recv -> begin_response/add_field/on_headers_end (a 1xx: on_interim_response; the
// final: on_final_response, and with END_STREAM also on_response_complete), on_data_chunk ->
// on_data (response content), on_stream_close -> on_closed. The machine's actions map so:
//   send_head, send_head_with_expect  -> submit() (the caller adds `expect: 100-continue`)
//   send_body                         -> release_body(): the gate opens (resume_data)
//   skip_body, stop_body              -> stop_body(): the gate shuts for good
//   close                             -> cancel(): RST_STREAM(CANCEL) if the stream is still
//                                        open, never the connection (H2-6)
//   retry_without_expect, retry_request -> the caller submits the request again on a new stream
// A RST_STREAM(NO_ERROR) from the server after a complete response does not discard it (H2-6):
// the response was delivered before on_closed reports the reset.
#ifndef EXPECT100_NGHTTP2_CLIENT_STREAM_HPP
#define EXPECT100_NGHTTP2_CLIENT_STREAM_HPP

#include <expect100/http2.hpp>
#include <expect100/message.hpp>
#include <expect100/nghttp2/fields.hpp>
#include <expect100/nghttp2/session.hpp>

#include <cstdint>
#include <string_view>

#include <nghttp2/nghttp2.h>

namespace expect100::nghttp2 {

// What a written frame meant for this stream's request (on_frame_sent).
enum class request_progress : std::uint8_t {
    none,
    head_sent,  // the request's HEADERS went out: on_head_sent (H2-9)
    body_sent,  // the body's END_STREAM went out: on_body_sent
};

// What a received HEADERS frame was (on_headers_end).
enum class response_part : std::uint8_t {
    interim,    // a 1xx: on_interim_response(status)
    final,      // the final head: on_final_response(facts)
    trailers,   // a trailer section after the final head (its fields are not facts, G-15)
    malformed,  // a second final head: the stream is reset (nghttp2 normally catches it first)
};

class client_stream {
public:
    explicit client_stream(nghttp2_session* session) noexcept : session_(session) {}
    client_stream(const client_stream&) = delete;  // the body provider points at this object
    client_stream& operator=(const client_stream&) = delete;

    // Submits the request head; with content, its body goes through body() once released.
    // `fields` are the pseudo-header fields then the regular ones, as RFC 9113 §8.3 orders them.
    // @return the stream id, or a negative nghttp2 error.
    template <class Fields>
    std::int32_t submit(const Fields& fields, bool has_content, void* stream_user_data = nullptr) {
        nv_array nva;
        nva.add_all(fields);
        nghttp2_data_provider provider = body_.provider();
        id_ = nghttp2_submit_request(session_, nullptr, nva.data(), nva.size(),
                                     has_content ? &provider : nullptr, stream_user_data);
        has_content_ = has_content;
        return id_;
    }
    std::int32_t id() const noexcept { return id_; }

    // ---- The machine's actions -------------------------------------------------------------
    outgoing_body& body() noexcept { return body_; }
    const outgoing_body& body() const noexcept { return body_; }
    void append_body(std::string_view bytes) { body_.append(bytes, session_, id_); }
    void finish_body() { body_.finish(session_, id_); }
    void release_body() { body_.set_gate(outgoing_body::gate::open, session_, id_); }
    void stop_body() { body_.set_gate(outgoing_body::gate::stopped, session_, id_); }
    // H2-6: abandon the exchange, not the connection. Nothing when the stream is done already.
    void cancel(std::uint32_t code = NGHTTP2_CANCEL) {
        if (closed_ || cancelled_ || id_ <= 0) return;
        cancelled_ = true;
        (void)nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id_, code);
    }

    // ---- Events ------------------------------------------------------------------------------
    request_progress on_frame_sent(const nghttp2_frame& f) {
        if (f.hd.stream_id != id_) return request_progress::none;
        if (f.hd.type == NGHTTP2_HEADERS && !head_sent_) {
            head_sent_ = true;
            if (ends_stream(f)) body_sent_ = true;  // no content: the head ended the stream
            return request_progress::head_sent;
        }
        if (f.hd.type == NGHTTP2_DATA && ends_stream(f) && !body_sent_) {
            body_sent_ = true;
            return request_progress::body_sent;
        }
        return request_progress::none;
    }

    void begin_response_part() { fields_.clear(); }
    void add_field(std::string_view name, std::string_view value) { fields_.add(name, value); }
    const field_list& fields() const noexcept { return fields_; }

    // A HEADERS frame of the response is complete; `method` is the request's (HEAD has no
    // content). The facts of an interim or final part are in facts().
    response_part on_headers_end(const nghttp2_frame& f, request_method method) {
        const stream_end end =
            (f.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0 ? stream_end::at_head : stream_end::open;
        if (final_seen_) {
            if (end == stream_end::at_head && fields_.get(":status").empty()) {
                response_complete_ = true;
                return response_part::trailers;
            }
            return response_part::malformed;
        }
        facts_ = analyze_http2_response(fields_, end, method);
        if (facts_.is_interim()) return response_part::interim;
        final_seen_ = true;
        if (end == stream_end::at_head) response_complete_ = true;
        return response_part::final;
    }
    const response_facts& facts() const noexcept { return facts_; }

    // Response content arrived: handed back to both windows at once (a response is never held).
    void on_data(std::size_t n) {
        received_ += n;
        (void)nghttp2_session_consume(session_, id_, n);
    }
    // The DATA frame that ended the response (END_STREAM) was received.
    void on_data_end() { response_complete_ = true; }
    void on_closed(std::uint32_t code) {
        closed_ = true;
        close_code_ = code;
    }

    bool head_sent() const noexcept { return head_sent_; }
    bool body_sent() const noexcept { return body_sent_; }
    bool final_seen() const noexcept { return final_seen_; }
    bool response_complete() const noexcept { return response_complete_; }
    bool closed() const noexcept { return closed_; }
    std::uint32_t close_code() const noexcept { return close_code_; }
    std::uint64_t response_bytes() const noexcept { return received_; }
    bool has_content() const noexcept { return has_content_; }

private:
    nghttp2_session* session_;
    outgoing_body body_{outgoing_body::gate::held};
    field_list fields_;
    response_facts facts_{};
    std::uint64_t received_ = 0;
    std::uint32_t close_code_ = 0;
    std::int32_t id_ = -1;
    bool has_content_ = false;
    bool head_sent_ = false;
    bool body_sent_ = false;
    bool final_seen_ = false;
    bool response_complete_ = false;
    bool closed_ = false;
    bool cancelled_ = false;
};

}  // namespace expect100::nghttp2

#endif  // EXPECT100_NGHTTP2_CLIENT_STREAM_HPP
