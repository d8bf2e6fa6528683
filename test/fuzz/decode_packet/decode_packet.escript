#!/usr/bin/env escript
%% Reads the cases of cases.py and prints OTP's verdict on each, framed as
%% a gen_tcp socket frames it: erlang:decode_packet/3 with the socket's
%% options, and for {packet, line} only the first Buffer bytes of an
%% unterminated line (the socket reads a line into a buffer of that size).
main(_) -> each_line().

each_line() ->
    case io:get_line("") of
        eof -> ok;
        Line ->
            io:format("~s~n", [verdict(string:lexemes(string:trim(Line), " "))]),
            each_line()
    end.

verdict([T, Size, Buffer, Delimiter, Hex]) ->
    Bin = case Hex of "-" -> <<>>; _ -> binary:decode_hex(list_to_binary(Hex)) end,
    Type = case T of
               "raw" -> raw; "1" -> 1; "2" -> 2; "4" -> 4;
               _ -> list_to_atom(T)
           end,
    Buf = list_to_integer(Buffer),
    LineOpts = case {Type, Buf} of
                   {line, 0} -> [{line_delimiter, list_to_integer(Delimiter)}];
                   {line, _} -> [{line_length, Buf},
                                 {line_delimiter, list_to_integer(Delimiter)}];
                   _ -> []
               end,
    Window = case Type of
                 line when Buf > 0, byte_size(Bin) > Buf -> binary:part(Bin, 0, Buf);
                 _ -> Bin
             end,
    Opts = [{packet_size, list_to_integer(Size)} | LineOpts],
    case erlang:decode_packet(Type, Window, Opts) of
        {ok, Packet, Rest} ->
            io_lib:format("ok ~b ~s", [byte_size(Window) - byte_size(Rest),
                                       string:lowercase(binary:encode_hex(Packet))]);
        {more, _} -> "more";
        {error, _} -> "error"
    end.
