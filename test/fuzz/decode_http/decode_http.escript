#!/usr/bin/env escript
%% Reads the cases of cases.py and prints OTP's verdict on each: what
%% erlang:decode_packet/3 makes of it with the socket's limit (packet_size,
%% or the receive buffer when it is 0: erts' http framing uses that as its
%% line limit), printed as otpnet's net::to_string(http_packet) prints.
main(_) -> each_line().

each_line() ->
    case io:get_line("") of
        eof -> ok;
        Line ->
            io:format("~s~n", [verdict(string:lexemes(string:trim(Line), " "))]),
            each_line()
    end.

verdict([T, Size, Buffer, Hex]) ->
    Bin = case Hex of "-" -> <<>>; _ -> binary:decode_hex(list_to_binary(Hex)) end,
    Opts = [{packet_size, list_to_integer(Size)}, {line_length, list_to_integer(Buffer)}],
    case erlang:decode_packet(list_to_atom(T), Bin, Opts) of
        {ok, Packet, Rest} ->
            io_lib:format("ok ~b ~s", [byte_size(Bin) - byte_size(Rest), term(Packet)]);
        {more, _} -> "more";
        {error, _} -> "error"
    end.

term({http_request, M, U, V}) ->
    ["{http_request,", name(M), ",", uri(U), ",", version(V), "}"];
term({http_response, V, S, R}) ->
    ["{http_response,", version(V), ",", integer_to_list(S), ",", str(R), "}"];
term({http_header, B, F, U, V}) ->
    ["{http_header,", integer_to_list(B), ",", name(F), ",", str(U), ",", str(V), "}"];
term(http_eoh) -> "http_eoh";
term({http_error, L}) -> ["{http_error,", str(L), "}"].

name(A) when is_atom(A) -> ["'", atom_to_list(A), "'"];
name(B) -> str(B).

uri('*') -> "'*'";
uri({absoluteURI, S, H, P, Path}) ->
    Port = case P of undefined -> "undefined"; _ -> integer_to_list(P) end,
    ["{absoluteURI,", atom_to_list(S), ",", str(H), ",", Port, ",", str(Path), "}"];
uri({scheme, S, R}) -> ["{scheme,", str(S), ",", str(R), "}"];
uri({abs_path, P}) -> ["{abs_path,", str(P), "}"];
uri(B) -> str(B).

version({Ma, Mi}) -> ["{", integer_to_list(Ma), ",", integer_to_list(Mi), "}"].

str(B) -> ["<<\"", [esc(C) || <<C>> <= B], "\">>"].

esc($\r) -> "\\r";
esc($\n) -> "\\n";
esc($\t) -> "\\t";
esc($") -> "\\\"";
esc($\\) -> "\\\\";
esc(C) when C >= 32, C < 127 -> [C];
esc(C) -> io_lib:format("\\x~2.16.0B", [C]).
