// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The upstream side an exchange gets: HTTP/1.1 (upstream_link.hpp) or, with --upstream-h2, a
// stream on the thread's HTTP/2 connection (upstream_h2.hpp). Sessions hold it as an
// upstream_side (upstream_side.hpp) and never ask which.
#ifndef EXPECT100_EXAMPLES_PROXY_UPSTREAM_HPP
#define EXPECT100_EXAMPLES_PROXY_UPSTREAM_HPP

#include "config.hpp"
#include "upstream_h2.hpp"
#include "upstream_link.hpp"
#include "upstream_side.hpp"

#include <memory>

namespace expect100::examples {

template <class Owner, class Down>
std::unique_ptr<upstream_side> make_upstream(Owner& owner, Down& down, thread_state& thread,
                                             const proxy_config& config) {
    if (config.upstream_version == upstream_protocol::http_2)
        return std::make_unique<h2_upstream_link<Owner, Down>>(owner, down, thread, config);
    return std::make_unique<upstream_link<Owner, Down>>(owner, down, thread, config);
}

}  // namespace expect100::examples

#endif  // EXPECT100_EXAMPLES_PROXY_UPSTREAM_HPP
