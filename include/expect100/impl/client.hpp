// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Out-of-line bodies of basic_client (see client.hpp).
#ifndef EXPECT100_IMPL_CLIENT_HPP
#define EXPECT100_IMPL_CLIENT_HPP

#include <expect100/client.hpp>  // so this header also compiles alone

namespace expect100 {

// A response the protocol does not allow here (G-19): not taken as a response; close.
template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::close_on_protocol_error(errc e, client_event on,
                                                                 time_point now) noexcept {
    step s = core_.refuse(e, error_origin::remote);
    s.actions.push_back(action::make(action_kind::close));
    deadline_ = time::no_deadline();
    core_.commit(s, on, client_state::closed, now, 0);
    return s;
}

// The one place of the rule "does this request carry Expect?".
template <class Traits, class Trace>
bool basic_client<Traits, Trace>::wants_expect(const client_request& r) const noexcept {
    if (!r.has_content() || r.attempt == request_attempt::retry_without_expect) {
        return false;  // C-1; and a 417 retry never asks again (C-5)
    }
    const bool large = r.framing == body_framing::chunked ||
                       r.framing == body_framing::end_of_stream ||
                       r.content_length >= static_cast<std::uint64_t>(policy().expect_threshold);
    switch (policy().use_expect) {
    case expect_use::never: return false;
    case expect_use::always: return true;
    case expect_use::large_bodies: return large;
    case expect_use::learned:
        if (origin_.has(origin_fact::answers_417) || origin_.has(origin_fact::http_1_0_hop) ||
            origin_.has(origin_fact::never_continues)) {
            return false;
        }
        return large;
    }
    return false;
}

template <class Traits, class Trace>
void basic_client<Traits, Trace>::release_body(step& s, client_state& to) noexcept {
    s.actions.push_back(action::make(action_kind::send_body));
    deadline_ = time::no_deadline();
    to = client_state::sending_body;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::start_request(const client_request& request,
                                                       time_point now,
                                                       origin_facts known) noexcept {
    step s;
    if (!core_.admit(client_event::start_request, now, s)) return s;
    origin_ = known;
    attempt_ = request.attempt;
    method_ = request.method;
    replay_ = request.replay;
    transport_ = request.transport;
    framing_ = request.has_content() ? request.framing : body_framing::none;
    after_ = after_exchange::reuse;
    response_ = response_progress::reading;
    deadline_ = time::no_deadline();
    const bool with_expect = wants_expect(request);
    expect_ = with_expect ? expect_status::waiting : expect_status::not_sent;
    s.actions.push_back(
        action::make(with_expect ? action_kind::send_head_with_expect : action_kind::send_head));
    core_.commit(s, client_event::start_request, client_state::sending_head, now,
                 request.has_content() ? request.content_length : 0);
    return s;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_head_sent(time_point now) noexcept {
    step s;
    if (!core_.admit(client_event::head_sent, now, s)) return s;
    head_sent_at_ = now;
    client_state to = client_state::awaiting_response;
    if (framing_ != body_framing::none) {
        if (expect_ != expect_status::waiting) {
            release_body(s, to);  // no Expect, or its 100 came before the head was reported out
        } else {
            const duration wait_for = wait().template wait_for<duration>();
            if (wait_for <= duration::zero()) {
                expect_ = expect_status::timed_out;
                release_body(s, to);
            } else {
                to = client_state::awaiting_continue;
                deadline_ = time::after(now, wait_for);
            }
        }
    }
    core_.commit(s, client_event::head_sent, to, now, 0);
    return s;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_interim_response(std::uint16_t status,
                                                             time_point now) noexcept {
    using S = client_state;
    if (status < 100 || status > 199 || status == 101) {
        return core_.refuse(errc::event_out_of_order, error_origin::local);  // 101: a final
    }
    step s;
    if (!core_.admit(client_event::interim_response, now, s)) return s;
    if (state() == S::idle) {
        return close_on_protocol_error(errc::response_without_request,
                                       client_event::interim_response, now);
    }
    if (state() == S::reading_response || state() == S::finishing_body) {
        return close_on_protocol_error(errc::interim_after_final, client_event::interim_response,
                                       now);
    }
    S to = state();
    const auto continued = [&] {
        expect_ = expect_status::continued;
        learn(origin_fact::sends_continue);
        origin_.remove(origin_fact::never_continues);
    };
    if (state() == S::sending_head && status == 100 && expect_ == expect_status::waiting) {
        continued();  // the body goes as soon as the head is reported out
    } else if (state() == S::awaiting_continue) {
        const bool recognised = status == 100 || status == 102 || status == 103;
        switch (policy().release) {
        case body_release::on_100:
            if (status == 100) release_body(s, to);
            break;
        case body_release::on_100_or_unrecognised:
            if (status == 100 || !recognised) release_body(s, to);
            break;
        case body_release::on_any_1xx: release_body(s, to); break;
        case body_release::non_100_is_final:
            if (status == 100) {
                release_body(s, to);
            } else {  // botocore's reading: the request is over, unsent; the connection is lost
                s.actions.push_back(action::make(action_kind::skip_body));
                s.actions.push_back(action::make(action_kind::close));
                expect_ = expect_status::answered;
                after_ = after_exchange::close;
                deadline_ = time::no_deadline();
                to = S::closed;
            }
            break;
        }
        if (to == S::sending_body) {
            continued();
            wait().on_continue(now - head_sent_at_);
        }
    }
    // Anywhere else a 1xx is parsed and ignored (C-6, C-7; a late 100, C-8).
    core_.commit(s, client_event::interim_response, to, now, status);
    return s;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_final_response(const response_facts& response,
                                                           time_point now) noexcept {
    using S = client_state;
    // One final response per request: none in finishing_body, reading_response or switched.
    step s;
    if (!core_.admit(client_event::final_response, now, s)) return s;
    if (state() == S::idle) {
        return close_on_protocol_error(errc::response_without_request, client_event::final_response,
                                       now);
    }
    const std::uint16_t status = response.status;
    if (!response.is_final()) {
        return core_.refuse(errc::event_out_of_order, error_origin::local);
    }
    if (status == 101) {
        if (state() != S::awaiting_response) {  // the body must be out first (S-13)
            return close_on_protocol_error(errc::premature_switching_protocols,
                                           client_event::final_response, now);
        }
        deadline_ = time::no_deadline();
        core_.commit(s, client_event::final_response, S::switched, now, status);
        return s;
    }
    // What the origin taught us (gap 2; .NET Framework's per-origin rule).
    if (response.version == http_version::http_1_0) {
        learn(origin_fact::http_1_0_hop);
    }
    if (expect_ == expect_status::waiting || expect_ == expect_status::timed_out) {
        if (status == 417) {
            learn(origin_fact::answers_417);
        } else if (status < 300 && expect_ == expect_status::timed_out) {
            learn(origin_fact::never_continues);
        }
    }
    const bool keep_alive =
        response.valid() && response.connection == connection_intent::keep_alive;
    if (!keep_alive) {
        after_ = after_exchange::close;
    }
    deadline_ = time::no_deadline();
    S to = S::reading_response;
    const bool body_unsent = state() == S::sending_head || state() == S::awaiting_continue;
    bool keep_sending =
        keep_alive && policy().after_early_final == client_early_final::keep_sending;
    bool end_chunked = keep_alive &&
                       policy().after_early_final == client_early_final::end_chunked_early &&
                       framing_ == body_framing::chunked;
    if (transport_ == exchange_transport::stream) {  // H2-7: the stream's own table
        const bool complete =
            response.framing == body_framing::none ||
            (response.framing == body_framing::content_length && response.content_length == 0);
        keep_sending = policy().after_early_final != client_early_final::stop_and_close &&
                       decide_stream_early_final(
                           body_unsent ? body_progress::held : body_progress::in_flight, status,
                           complete ? response_extent::complete : response_extent::continues) ==
                           stream_body_fate::send;
        end_chunked = false;
    }
    if (body_unsent && framing_ != body_framing::none) {
        if (expect_ == expect_status::waiting) {
            expect_ = expect_status::answered;
        }
        const bool may_retry = status == 417 && policy().on_417 == retry_policy::once &&
                               attempt_ == request_attempt::first &&
                               replay_ == body_replay::replayable &&
                               expect_ == expect_status::answered;
        if (may_retry) {  // C-5: once, without Expect, on a fresh connection (C-12)
            s.actions.push_back(action::make(action_kind::skip_body));
            after_ = after_exchange::close_and_retry;
        } else if (keep_sending) {
            s.actions.push_back(action::make(action_kind::send_body));  // keep the framing whole
            to = S::finishing_body;
        } else if (end_chunked) {
            s.actions.push_back(action::make(action_kind::end_chunked_body));
        } else {
            s.actions.push_back(action::make(action_kind::skip_body));
            after_ = after_exchange::close;  // the server still counts on the announced body
        }
    } else if (state() == S::sending_body) {
        if (keep_sending) {
            to = S::finishing_body;  // C-9: go on sending
        } else if (end_chunked) {
            s.actions.push_back(action::make(action_kind::end_chunked_body));
        } else {  // C-10: the server does not want it, or is closing
            s.actions.push_back(action::make(action_kind::stop_body));
            after_ = after_exchange::close;
        }
    }
    core_.commit(s, client_event::final_response, to, now, status);
    return s;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_body_sent(time_point now) noexcept {
    using S = client_state;
    step s;
    if (!core_.admit(client_event::body_sent, now, s)) return s;

    S to = S::awaiting_response;  // from sending_body
    if (state() == S::finishing_body) {
        if (response_ == response_progress::reading) {
            to = S::reading_response;
        } else if (after_ == after_exchange::reuse) {
            to = S::idle;
        } else {
            to = S::closed;
            s.actions.push_back(action::make(action_kind::close));
        }
        response_ = response_progress::reading;
    }
    core_.commit(s, client_event::body_sent, to, now, 0);
    return s;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_response_complete(time_point now) noexcept {
    using S = client_state;
    step s;
    if (!core_.admit(client_event::response_complete, now, s)) return s;

    if (state() == S::finishing_body) {
        response_ = response_progress::read;  // reuse is decided once the body is out
        core_.commit(s, client_event::response_complete, S::finishing_body, now, 0);
        return s;
    }
    // reading_response
    const S to = after_ == after_exchange::reuse ? S::idle : S::closed;
    if (to == S::closed) {
        s.actions.push_back(action::make(action_kind::close));
    }
    if (after_ == after_exchange::close_and_retry) {
        s.actions.push_back(action::make(action_kind::retry_without_expect));
        after_ = after_exchange::close;
    }
    core_.commit(s, client_event::response_complete, to, now, 0);
    return s;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_timer(time_point now) noexcept {
    if (now < next_deadline()) {
        return step{};  // early (or closed: no deadline): nothing is due
    }
    deadline_ = time::no_deadline();
    step s;
    client_state to = state();
    if (state() == client_state::awaiting_continue) {
        // C-3, C-4: no 100 in time; the body goes anyway (the outage's client did this, legally).
        expect_ = expect_status::timed_out;
        wait().on_expiry();
        release_body(s, to);
    }
    core_.commit(s, client_event::timer, to, now, 0, trace_reason::deadline_passed);
    return s;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_peer_closed(time_point now) noexcept {
    using S = client_state;
    step s;
    if (!core_.admit(client_event::peer_closed, now, s)) return s;

    s.actions.push_back(action::make(action_kind::close));
    // C-14 (T-C-16): only an idempotent request, only once, only if the body can be replayed.
    const bool no_response_yet = state() == S::sending_head || state() == S::awaiting_continue ||
                                 state() == S::sending_body || state() == S::awaiting_response;
    if (no_response_yet && policy().on_close_before_response == retry_policy::once &&
        attempt_ == request_attempt::first && is_idempotent(method_) &&
        replay_ == body_replay::replayable) {
        s.actions.push_back(action::make(action_kind::retry_request));
    }
    deadline_ = time::no_deadline();
    core_.commit(s, client_event::peer_closed, S::closed, now, 0);
    return s;
}

template <class Traits, class Trace>
constexpr bool basic_client<Traits, Trace>::invariants_hold() const noexcept {
    using S = client_state;
    const S st = state();
    const bool expect_ok = expect_ != expect_status::waiting || st == S::sending_head ||
                           st == S::awaiting_continue || st == S::closed;
    const bool retry_ok =
        after_ != after_exchange::close_and_retry || st == S::reading_response || st == S::closed;
    const bool response_ok =
        response_ != response_progress::read || st == S::finishing_body || st == S::closed;
    const bool body_ok =
        framing_ != body_framing::none ||
        (st != S::awaiting_continue && st != S::sending_body && st != S::finishing_body);
    const bool deadline_ok = st == S::awaiting_continue || next_deadline() == time::no_deadline();
    return expect_ok && retry_ok && response_ok && body_ok && deadline_ok;
}

}  // namespace expect100

#endif  // EXPECT100_IMPL_CLIENT_HPP
