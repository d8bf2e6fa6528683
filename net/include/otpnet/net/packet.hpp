// Umbrella for the {packet, PacketType} framing layer: the type, its
// limits, the erts length contract, the reassembly buffer and the send-side
// header encoder.

#pragma once

#include "otpnet/net/packet_length.hpp"
#include "otpnet/net/packet_limits.hpp"
#include "otpnet/net/packet_reader.hpp"
#include "otpnet/net/packet_type.hpp"
#include "otpnet/net/packet_writer.hpp"
