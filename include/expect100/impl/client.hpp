// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Out-of-line bodies of basic_client and explain_client (see client.hpp).
#ifndef EXPECT100_IMPL_CLIENT_HPP
#define EXPECT100_IMPL_CLIENT_HPP

#include <expect100/detail/machine.hpp>
#include <expect100/client.hpp>  // so this header also compiles alone

#include <chrono>

namespace expect100 {

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::refuse(errc e, error_origin origin) const noexcept {
    return detail::refused<step>(e, origin);
}

template <class Traits, class Trace>
bool basic_client<Traits, Trace>::move(client_event on, client_state to, time_point now,
                                       std::uint64_t value) noexcept {
    if (!detail::client_table::allows(state_, on, to)) {
        return false;
    }
    detail::record_move(sink(), now, state_, to, on, value);
    state_ = to;
    return true;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::internal_fault() noexcept {
    step s = refuse(errc::internal_transition, error_origin::internal);
    s.actions.push_back(action::make(action_kind::close));
    state_ = client_state::closed;
    deadline_ = time::no_deadline();
    return s;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::commit(const step& s, client_event on, client_state to,
                                         time_point now, std::uint64_t value) noexcept {
    return move(on, to, now, value) ? s : internal_fault();
}

// A response the protocol does not allow here (G-19): not taken as a response; close.
template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::close_on_protocol_error(errc e, client_event on,
                                                          time_point now) noexcept {
    step s = refuse(e, error_origin::remote);
    if (state_ != client_state::closed) {
        s.actions.push_back(action::make(action_kind::close));
    }
    deadline_ = time::no_deadline();
    return commit(s, on, client_state::closed, now, 0);
}

// The one place of the rule "does this request carry Expect?".
template <class Traits, class Trace>
bool basic_client<Traits, Trace>::wants_expect(const client_request& r) const noexcept {
    if (!r.has_content() || r.attempt == request_attempt::retry_without_expect) {
        return false;  // C-1; and a 417 retry never asks again (C-5)
    }
    const bool large = r.framing == body_framing::chunked ||
                       r.content_length >= static_cast<std::uint64_t>(Traits::expect_threshold);
    switch (Traits::use_expect) {
    case expect_use::never:
        return false;
    case expect_use::always:
        return true;
    case expect_use::large_bodies:
        return large;
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
    body_ = body_progress::sending;
    deadline_ = time::no_deadline();
    to = client_state::sending_body;
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::start_request(const client_request& request, time_point now,
                                                origin_facts known) noexcept {
    if (state_ != client_state::idle) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    origin_ = known;
    attempt_ = request.attempt;
    method_ = request.method;
    replay_ = request.replay;
    framing_ = request.has_content() ? request.framing : body_framing::none;
    body_ = request.has_content() ? body_progress::held : body_progress::none;
    reuse_ = reuse::possible;
    retry_ = pending_retry::none;
    continue_before_head_sent_ = false;
    response_read_ = false;
    deadline_ = time::no_deadline();
    const bool with_expect = wants_expect(request);
    expect_ = with_expect ? expect_status::waiting : expect_status::not_sent;
    step s;
    s.actions.push_back(action::make(with_expect ? action_kind::send_head_with_expect
                                                 : action_kind::send_head));
    return commit(s, client_event::start_request, client_state::sending_head, now,
                  request.has_content() ? request.content_length : 0);
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_head_sent(time_point now) noexcept {
    if (state_ == client_state::closed) {
        return step{};
    }
    if (state_ != client_state::sending_head) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    head_sent_at_ = now;
    step s;
    client_state to = client_state::awaiting_response;
    if (body_ == body_progress::held) {
        if (expect_ != expect_status::waiting) {
            release_body(s, to);
        } else if (continue_before_head_sent_) {
            expect_ = expect_status::continued;
            release_body(s, to);
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
    return commit(s, client_event::head_sent, to, now, 0);
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_interim_response(std::uint16_t status,
                                                      time_point now) noexcept {
    if (status < 100 || status > 199 || status == 101) {
        return refuse(errc::event_out_of_order, error_origin::local);  // 101 is on_final_response
    }
    switch (state_) {
    case client_state::idle:
        return close_on_protocol_error(errc::response_without_request,
                                       client_event::interim_response, now);
    case client_state::reading_response:
    case client_state::finishing_body:
        return close_on_protocol_error(errc::interim_after_final, client_event::interim_response,
                                       now);
    case client_state::switched:
        return refuse(errc::event_out_of_order, error_origin::local);
    case client_state::closed:
        return step{};
    case client_state::sending_head:
    case client_state::awaiting_continue:
    case client_state::sending_body:
    case client_state::awaiting_response:
        break;
    }
    step s;
    client_state to = state_;
    if (state_ == client_state::sending_head && status == 100 && expect_ == expect_status::waiting) {
        continue_before_head_sent_ = true;  // released as soon as the head is reported out
    } else if (state_ == client_state::awaiting_continue) {
        const bool recognised = status == 100 || status == 102 || status == 103;
        switch (Traits::release) {
        case body_release::on_100:
            if (status == 100) release_body(s, to);
            break;
        case body_release::on_100_or_unrecognised:
            if (status == 100 || !recognised) release_body(s, to);
            break;
        case body_release::on_any_1xx:
            release_body(s, to);
            break;
        case body_release::non_100_is_final:
            if (status == 100) {
                release_body(s, to);
            } else {  // botocore's reading: the request is over, unsent; the connection is lost
                s.actions.push_back(action::make(action_kind::skip_body));
                s.actions.push_back(action::make(action_kind::close));
                body_ = body_progress::abandoned;
                expect_ = expect_status::answered;
                deadline_ = time::no_deadline();
                to = client_state::closed;
            }
            break;
        }
        if (to == client_state::sending_body) {
            expect_ = expect_status::continued;
            wait().on_continue(now - head_sent_at_);
            learn(origin_fact::sends_continue);
            origin_.remove(origin_fact::never_continues);
        }
    }
    // Anywhere else a 1xx is parsed and ignored (C-6, C-7; a late 100, C-8).
    return commit(s, client_event::interim_response, to, now, status);
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_final_response(const response_facts& response,
                                                    time_point now) noexcept {
    switch (state_) {
    case client_state::idle:
        return close_on_protocol_error(errc::response_without_request,
                                       client_event::final_response, now);
    case client_state::closed:
        return step{};
    case client_state::finishing_body:
    case client_state::reading_response:
    case client_state::switched:
        return refuse(errc::event_out_of_order, error_origin::local);  // one final per request
    case client_state::sending_head:
    case client_state::awaiting_continue:
    case client_state::sending_body:
    case client_state::awaiting_response:
        break;
    }
    const std::uint16_t status = response.status;
    if (!response.is_final()) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    if (status == 101) {
        if (state_ != client_state::awaiting_response) {  // the body must be out first (S-13)
            return close_on_protocol_error(errc::premature_switching_protocols,
                                           client_event::final_response, now);
        }
        deadline_ = time::no_deadline();
        return commit(step{}, client_event::final_response, client_state::switched, now, status);
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
    const bool keep_alive = response.valid() && response.connection == connection_intent::keep_alive;
    if (!keep_alive) {
        reuse_ = reuse::impossible;
    }
    deadline_ = time::no_deadline();
    step s;
    client_state to = client_state::reading_response;
    const bool body_unsent = state_ == client_state::sending_head ||
                             state_ == client_state::awaiting_continue;
    if (body_unsent && body_ == body_progress::held) {
        if (expect_ == expect_status::waiting) {
            expect_ = expect_status::answered;
        }
        const bool may_retry = status == 417 && Traits::on_417 == retry_policy::once &&
                               attempt_ == request_attempt::first &&
                               replay_ == body_replay::replayable &&
                               expect_ == expect_status::answered;
        if (may_retry) {  // C-5: once, without Expect, on a fresh connection (C-12)
            retry_ = pending_retry::without_expect;
            s.actions.push_back(action::make(action_kind::skip_body));
            body_ = body_progress::abandoned;
            reuse_ = reuse::impossible;
        } else if (keep_alive && Traits::after_early_final == client_early_final::keep_sending) {
            s.actions.push_back(action::make(action_kind::send_body));  // keep the framing whole
            body_ = body_progress::sending;
            to = client_state::finishing_body;
        } else if (keep_alive && Traits::after_early_final == client_early_final::end_chunked_early &&
                   framing_ == body_framing::chunked) {
            s.actions.push_back(action::make(action_kind::end_chunked_body));
            body_ = body_progress::complete;
        } else {
            s.actions.push_back(action::make(action_kind::skip_body));
            body_ = body_progress::abandoned;
            reuse_ = reuse::impossible;  // the server still counts on the announced body
        }
    } else if (state_ == client_state::sending_body) {
        if (keep_alive && Traits::after_early_final == client_early_final::keep_sending) {
            to = client_state::finishing_body;  // C-9: go on sending
        } else if (keep_alive &&
                   Traits::after_early_final == client_early_final::end_chunked_early &&
                   framing_ == body_framing::chunked) {
            s.actions.push_back(action::make(action_kind::end_chunked_body));
            body_ = body_progress::complete;
        } else {  // C-10: the server does not want it, or is closing
            s.actions.push_back(action::make(action_kind::stop_body));
            body_ = body_progress::abandoned;
            reuse_ = reuse::impossible;
        }
    }
    return commit(s, client_event::final_response, to, now, status);
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_body_sent(time_point now) noexcept {
    if (state_ == client_state::closed) {
        return step{};
    }
    if (state_ != client_state::sending_body && state_ != client_state::finishing_body) {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    body_ = body_progress::complete;
    step s;
    client_state to = client_state::awaiting_response;
    if (state_ == client_state::finishing_body) {
        if (!response_read_) {
            to = client_state::reading_response;
        } else if (reuse_ == reuse::possible) {
            to = client_state::idle;
        } else {
            to = client_state::closed;
            s.actions.push_back(action::make(action_kind::close));
        }
    }
    return commit(s, client_event::body_sent, to, now, 0);
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_response_complete(time_point now) noexcept {
    if (state_ == client_state::closed) {
        return step{};
    }
    step s;
    client_state to = state_;
    if (state_ == client_state::finishing_body) {
        response_read_ = true;  // the body is still going out; reuse is decided when it is
    } else if (state_ == client_state::reading_response) {
        const bool reusable = reuse_ == reuse::possible && body_ != body_progress::abandoned;
        if (reusable) {
            to = client_state::idle;
        } else {
            to = client_state::closed;
            s.actions.push_back(action::make(action_kind::close));
        }
        if (retry_ == pending_retry::without_expect) {
            s.actions.push_back(action::make(action_kind::retry_without_expect));
            retry_ = pending_retry::none;
        }
    } else {
        return refuse(errc::event_out_of_order, error_origin::local);
    }
    return commit(s, client_event::response_complete, to, now, 0);
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_timer(time_point now) noexcept {
    step s;
    if (now < deadline_) {
        return s;
    }
    deadline_ = time::no_deadline();
    client_state to = state_;
    if (state_ == client_state::awaiting_continue) {
        // C-3, C-4: no 100 in time; the body goes anyway (the outage's client did this, legally).
        expect_ = expect_status::timed_out;
        wait().on_expiry();
        release_body(s, to);
    }
    return commit(s, client_event::timer, to, now, 0);
}

template <class Traits, class Trace>
client_step basic_client<Traits, Trace>::on_peer_closed(time_point now) noexcept {
    step s;
    const bool no_response_yet = state_ == client_state::sending_head ||
                                 state_ == client_state::awaiting_continue ||
                                 state_ == client_state::sending_body ||
                                 state_ == client_state::awaiting_response;
    if (state_ != client_state::closed) {
        s.actions.push_back(action::make(action_kind::close));
    }
    // C-14 (T-C-16): only an idempotent request, only once, only if the body can be replayed.
    if (no_response_yet && Traits::on_close_before_response == retry_policy::once &&
        attempt_ == request_attempt::first && is_idempotent(method_) &&
        replay_ == body_replay::replayable) {
        s.actions.push_back(action::make(action_kind::retry_request));
    }
    deadline_ = time::no_deadline();
    return commit(s, client_event::peer_closed, client_state::closed, now, 0);
}

// ---- explain_client -----------------------------------------------------------------------

namespace detail {

// "5.000 s" at or above a second, "0.4 ms" below.
template <class Duration>
constexpr void append_duration(short_text& out, Duration d) noexcept {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    const std::uint64_t abs_us = us < 0 ? 0U : static_cast<std::uint64_t>(us);
    if (abs_us >= 1000000U) {
        const std::uint64_t ms = abs_us / 1000U;
        out.append_number(ms / 1000U);
        out.append(".");
        const std::uint64_t frac = ms % 1000U;
        if (frac < 100U) out.append("0");
        if (frac < 10U) out.append("0");
        out.append_number(frac);
        out.append(" s");
    } else {
        out.append_number(abs_us / 1000U);
        out.append(".");
        out.append_number((abs_us % 1000U) / 100U);
        out.append(" ms");
    }
}

} // namespace detail

template <class TimePoint, std::size_t N>
constexpr short_text explain_client(const recording_trace<TimePoint, N>& trace) noexcept {
    using S = client_state;
    using E = client_event;
    short_text out;
    bool have_head = false;
    bool have_release = false;
    bool released_by_timer = false;
    bool have_final = false;
    bool closed_early = false;
    TimePoint head_at{};
    TimePoint release_at{};
    TimePoint final_at{};
    TimePoint closed_at{};
    std::uint64_t body_bytes = 0;
    std::uint64_t status = 0;
    std::uint64_t continue_status_seen = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const auto& e = trace[i];
        const auto on = static_cast<E>(e.event);
        const auto to = static_cast<S>(e.to);
        const auto from = static_cast<S>(e.from);
        if (on == E::start_request) {
            body_bytes = e.value;
            have_head = have_release = released_by_timer = have_final = closed_early = false;
        } else if (on == E::head_sent && to == S::awaiting_continue) {
            have_head = true;
            head_at = e.at;
        } else if (from == S::awaiting_continue && to == S::sending_body) {
            have_release = true;
            release_at = e.at;
            released_by_timer = on == E::timer;
            continue_status_seen = on == E::interim_response ? e.value : 0;
        } else if (on == E::final_response && !have_final) {
            have_final = true;
            final_at = e.at;
            status = e.value;
        } else if (on == E::peer_closed && !have_final && !closed_early) {
            closed_early = true;
            closed_at = e.at;
        }
    }
    if (!have_head) {
        out.append("no request with Expect: 100-continue in the trace");
        return out;
    }
    if (have_release && released_by_timer) {
        out.append("waited ");
        detail::append_duration(out, release_at - head_at);
        out.append(" for a 100 that never came, then sent the ");
    } else if (have_release) {
        out.append("a ");
        out.append_number(continue_status_seen);
        out.append(" came ");
        detail::append_duration(out, release_at - head_at);
        out.append(" after the head, then the client sent the ");
    }
    if (have_release) {
        out.append_number(body_bytes, " ");
        out.append("-byte body");
        if (have_final) {
            out.append("; the final ");
            out.append_number(status);
            out.append(" arrived ");
            detail::append_duration(out, final_at - release_at);
            out.append(" later");
        } else if (closed_early) {
            out.append("; the server closed the connection ");
            detail::append_duration(out, closed_at - release_at);
            out.append(" later with no response");
        } else {
            out.append("; no final response yet");
        }
        return out;
    }
    if (have_final) {
        out.append("the final ");
        out.append_number(status);
        out.append(" arrived ");
        detail::append_duration(out, final_at - head_at);
        out.append(" after the head, before the ");
        out.append_number(body_bytes, " ");
        out.append("-byte body was sent");
        return out;
    }
    if (closed_early) {
        out.append("the server closed the connection ");
        detail::append_duration(out, closed_at - head_at);
        out.append(" after the head, before any response");
        return out;
    }
    out.append("waiting for a 100 since the head went out");
    return out;
}

} // namespace expect100

#endif // EXPECT100_IMPL_CLIENT_HPP
