// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// One HTTP/2 stream on the side that answers requests: an origin server, or the client-facing
// side of a proxy. It turns what arrived into the facts and events a server-role machine takes
// (basic_server, or basic_intermediary's downstream events) and performs that machine's
// downstream actions with nghttp2 calls.
//
// Theory of operation
// -------------------
// The connection's handler (session.hpp) creates one server_stream per request stream (on
// on_begin_headers with NGHTTP2_HCAT_REQUEST) and routes the stream's callbacks to it:
// on_header -> add_field, on_frame_recv -> on_headers_end / on_body_end, on_data_chunk ->
// on_data, on_frame_send -> on_frame_sent. It feeds the machine the events these report and
// performs the machine's actions through the members below:
//   send_continue, relay_interim  -> send_interim(status):  HEADERS :status 1xx, never END_STREAM
//                                    (H2-1); refused once the final response was submitted (H2-2)
//   send_final, relay_final       -> send_final(status, fields, body or not); with
//                                    final_head::with_content an early refusal's HEADERS wait
//                                    for its content (H2-14)
//   discard_body, add_close,      -> end_after_final(): once the final response's END_STREAM has
//   close (after a final)            gone out, RST_STREAM(NO_ERROR) if the client is still
//                                    sending (H2-5): at once, or when it next sends DATA
//                                    (early_reset). Issued from on_frame_sent or on_data, never
//                                    right after submit_response: nghttp2 would drop the queued
//                                    response.
//   close (no final)              -> reset(code) at once
//   hold_body, body_credit()      -> grant(credit) after every step: WINDOW_UPDATE only for the
//                                    body the machine admits (H2-8)
// The connection is never closed for a stream's sake: `close` and Connection: close mean this
// stream only (H2-5, H2-12).
//
// Invariants: at most one final response is submitted; no 1xx after it; the reset after the
// final goes only once the final's last frame was written, and only while the client has not
// ended its side (nghttp2_session_get_stream_remote_close); a held final head goes at the
// latest with its last byte or its held_final_limit-th.
#ifndef EXPECT100_NGHTTP2_SERVER_STREAM_HPP
#define EXPECT100_NGHTTP2_SERVER_STREAM_HPP

#include <expect100/action.hpp>
#include <expect100/http2.hpp>
#include <expect100/message.hpp>
#include <expect100/nghttp2/fields.hpp>
#include <expect100/nghttp2/session.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nghttp2/nghttp2.h>

namespace expect100::nghttp2 {

// What one written frame meant for this stream's response (on_frame_sent).
enum class response_progress : std::uint8_t {
    none,             // not a frame of this response, or nothing the machine needs to hear
    interim_sent,     // a 1xx HEADERS went out
    final_head_sent,  // the final response's HEADERS went out; its body follows
    final_complete,   // the final response's END_STREAM went out: on_response_complete
};

// When the RST_STREAM(NO_ERROR) after an early final response goes (H2-5).
enum class early_reset : std::uint8_t {
    // As soon as the final response's END_STREAM is written (nghttpx, Go).
    at_once,
    // Once the client sends DATA after it, or when the caller's linger ends (linger_expired()).
    // A client that holds its body (waiting for a 100) then reads the response before any
    // reset: curl 7.88 reads a response and a reset that arrive in one read as "Empty reply
    // from server". The body it can send meanwhile is bounded by the window (H2-8).
    when_client_sends,
};

// When the HEADERS of a final response with content go (send_final with content::with_body).
enum class final_head : std::uint8_t {
    // At once; the content follows as it is appended.
    at_once,
    // An early refusal (a final of 300 or more while the client may still send) waits for its
    // content (H2-14): until finish_body(), until held_final_limit bytes of it are queued, or
    // until the caller's release_final() (its bound in time). Clients stop uploading at the head
    // of such a response (curl 7.88 and Go both at >= 300), and curl then ends its stream short
    // of its content-length. nghttp2 takes that as a malformed request (RFC 9113 §8.1.1) and
    // resets the stream with PROTOCOL_ERROR, dropping whatever of the response was not written
    // yet. A relay gets an origin's head and body in separate reads, so this is the relay's
    // mode; written together, the response is complete before the client's END_STREAM can come.
    with_content,
};
inline constexpr std::size_t held_final_limit = 64 * 1024;

class server_stream {
public:
    // The stream's initial window is the one the client has acknowledged (our SETTINGS may
    // still be on their way: until then the protocol's 65535 holds, RFC 9113 §6.9.2).
    server_stream(nghttp2_session* session, std::int32_t id,
                  early_reset reset = early_reset::at_once,
                  final_head head = final_head::at_once) noexcept
        : session_(session),
          id_(id),
          reset_mode_(reset),
          head_mode_(head),
          window_(
              nghttp2_session_get_local_settings(session, NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE)) {}
    server_stream(const server_stream&) = delete;  // the body provider points at this object
    server_stream& operator=(const server_stream&) = delete;

    std::int32_t id() const noexcept { return id_; }

    // ---- The request, as it arrives ----------------------------------------------------------
    void add_field(std::string_view name, std::string_view value) { request_.add(name, value); }
    const field_list& request_fields() const noexcept { return request_; }
    // The request's HEADERS frame is complete (`frame` is it): the facts for on_request_head.
    request_facts on_headers_end(const nghttp2_frame& frame, expect_policy policy = {}) {
        request_end_ = (frame.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0 ? stream_end::at_head
                                                                       : stream_end::open;
        return analyze_http2_request(request_, request_end_, policy);
    }
    // `n` body bytes arrived: the connection window goes back at once; the stream's waits for
    // grant(). @return n, for the machine's on_body_bytes.
    std::uint64_t on_data(std::size_t n) {
        (void)nghttp2_session_consume_connection(session_, n);
        window_.on_received(n);
        if (reset_pending()) reset_if_client_sending();  // it is sending: stop it now
        return n;
    }
    // After every step: hand back the stream window the machine admits (H2-8).
    void grant(std::uint64_t credit) {
        std::uint64_t n = window_.to_return(credit);
        while (n != 0) {
            const std::uint64_t piece = n < (std::uint64_t{1} << 30) ? n : std::uint64_t{1} << 30;
            (void)nghttp2_session_consume_stream(session_, id_, piece);
            n -= piece;
        }
    }
    const stream_window& window() const noexcept { return window_; }

    // ---- The response ------------------------------------------------------------------------
    // HEADERS with a 1xx status and no END_STREAM (H2-1). @return false when it cannot go: a
    // final response was submitted already (H2-2), 101 (RFC 9113 §8.6), or nghttp2 refused.
    template <class Fields = field_list>
    bool send_interim(std::uint16_t status, const Fields& fields = {}) {
        if (final_submitted_ || status < 100 || status > 199 || status == 101) return false;
        const std::string code = std::to_string(status);
        nv_array nva;
        nva.add(":status", code);
        nva.add_all(fields);
        if (nghttp2_submit_headers(session_, NGHTTP2_FLAG_NONE, id_, nullptr, nva.data(),
                                   nva.size(), nullptr) < 0) {
            return false;
        }
        ++interims_submitted_;
        return true;
    }

    // The final response's head. With `body == with_body` its content goes through body()
    // (append, finish); without, END_STREAM rides on the HEADERS frame. An early refusal's head
    // may be held for its content (final_head::with_content): final_held() says so.
    enum class content : std::uint8_t { none, with_body };
    template <class Fields = field_list>
    bool send_final(std::uint16_t status, const Fields& fields = {}, content body = content::none) {
        if (final_submitted_ || status < 200 || status > 999) return false;
        final_submitted_ = true;
        if (body == content::with_body && head_mode_ == final_head::with_content && status >= 300 &&
            client_may_send()) {
            held_status_ = status;
            for (const auto& [name, value] : fields)
                held_fields_.emplace_back(std::string(name), std::string(value));
            final_held_ = true;
            return true;
        }
        return submit_final(status, fields, body);
    }
    outgoing_body& body() noexcept { return body_; }
    void append_body(std::string_view bytes) {
        body_.append(bytes, session_, id_);
        if (final_held_ && body_.queued() >= held_final_limit) (void)release_final();
    }
    void finish_body() {
        body_.finish(session_, id_);
        if (final_held_) (void)release_final();
    }
    // A held final head goes now, with what there is of its content (the caller's time bound).
    // @return false when nghttp2 refused it or the stream was reset meanwhile.
    bool release_final() {
        if (!std::exchange(final_held_, false) || reset_sent_) return false;
        return submit_final(held_status_, std::exchange(held_fields_, {}), content::with_body);
    }
    bool final_held() const noexcept { return final_held_; }

    // H2-5: stop the client's body once the final response is all out (early_reset says
    // exactly when).
    void end_after_final() {
        reset_after_final_ = true;
        if (final_complete_ && reset_mode_ == early_reset::at_once) reset_if_client_sending();
    }
    // early_reset::when_client_sends: the reset waits for the client's DATA or the caller's
    // linger; true while it waits.
    bool reset_pending() const noexcept {
        return reset_after_final_ && final_complete_ && !reset_sent_ &&
               nghttp2_session_get_stream_remote_close(session_, id_) == 0;
    }
    void linger_expired() {
        if (reset_pending()) reset_if_client_sending();
    }
    // RST_STREAM now (no response, or giving up on one).
    void reset(std::uint32_t code) {
        if (reset_sent_) return;
        reset_sent_ = true;
        final_held_ = false;  // a held head never goes
        (void)nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id_, code);
    }

    // One action of basic_server's step, as the table above says. send_final (the machine's own
    // 400, 408 or 417) goes with `own_final_fields` and no content; a caller that wants a body on
    // it performs send_final itself. Call grant(body_credit()) after the step's actions.
    template <class Fields = field_list>
    void perform(const server_action_value& a, const Fields& own_final_fields = {}) {
        switch (a.kind()) {
        case server_action::send_continue: (void)send_interim(100); break;
        case server_action::send_final: (void)send_final(a.status(), own_final_fields); break;
        case server_action::discard_body:
        case server_action::add_close: end_after_final(); break;  // the stream, not the connection
        case server_action::close:
            if (final_submitted_)
                end_after_final();
            else
                reset(NGHTTP2_CANCEL);
            break;
        }
    }

    // From on_frame_send_callback, for frames of this stream. nghttp2 writes a stream's HEADERS
    // in the order they were submitted: the interims first, then the final head.
    response_progress on_frame_sent(const nghttp2_frame& f) {
        if (f.hd.stream_id != id_ || final_complete_) return response_progress::none;
        if (f.hd.type == NGHTTP2_HEADERS && interims_sent_ < interims_submitted_) {
            ++interims_sent_;
            return response_progress::interim_sent;
        }
        if (!final_submitted_) return response_progress::none;
        const bool head = f.hd.type == NGHTTP2_HEADERS;
        if (head) final_head_sent_ = true;
        if (ends_stream(f)) {
            final_complete_ = true;
            if (reset_after_final_ && reset_mode_ == early_reset::at_once) {
                reset_if_client_sending();
            }
            return response_progress::final_complete;
        }
        return head ? response_progress::final_head_sent : response_progress::none;
    }

    bool final_submitted() const noexcept { return final_submitted_; }
    bool final_complete() const noexcept { return final_complete_; }
    bool reset_sent() const noexcept { return reset_sent_; }
    stream_end request_end() const noexcept { return request_end_; }

private:
    bool client_may_send() const noexcept {
        return nghttp2_session_get_stream_remote_close(session_, id_) == 0;
    }
    void reset_if_client_sending() {
        if (client_may_send()) reset(NGHTTP2_NO_ERROR);
    }
    template <class Fields>
    bool submit_final(std::uint16_t status, const Fields& fields, content body) {
        const std::string code = std::to_string(status);
        nv_array nva;
        nva.add(":status", code);
        nva.add_all(fields);
        nghttp2_data_provider provider = body_.provider();
        return nghttp2_submit_response(session_, id_, nva.data(), nva.size(),
                                       body == content::with_body ? &provider : nullptr) == 0;
    }

    nghttp2_session* session_;
    std::int32_t id_;
    early_reset reset_mode_;
    final_head head_mode_;
    field_list request_;
    stream_window window_;
    outgoing_body body_;
    stream_end request_end_ = stream_end::open;
    int interims_submitted_ = 0;
    int interims_sent_ = 0;
    bool final_submitted_ = false;
    bool final_head_sent_ = false;
    bool final_complete_ = false;
    bool reset_after_final_ = false;
    bool reset_sent_ = false;
    bool final_held_ = false;  // final_head::with_content: the head waits for its content
    std::uint16_t held_status_ = 0;
    std::vector<std::pair<std::string, std::string>> held_fields_;
};

}  // namespace expect100::nghttp2

#endif  // EXPECT100_NGHTTP2_SERVER_STREAM_HPP
