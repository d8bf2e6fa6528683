#pragma once

// setopts on a socket actor: normalisation is net's (apply_setopts); this
// header only gathers what the actors need for it.
#include "otpnet/net/normalize_options.hpp"
