#define BOOST_TEST_MODULE otpnet_net
#include <boost/test/unit_test.hpp>
