#define BOOST_TEST_MODULE otpnet_kit
#include <boost/test/unit_test.hpp>
