#!/usr/bin/env escript
%% OTP's side of run.sh: the same cases, the same one-line terms.
main(_) -> loop().

loop() ->
    case io:get_line("") of
        eof -> ok;
        Line ->
            [Op, Fam | Rest] = string:lexemes(string:trim(Line), " "),
            Arg = case Rest of [] -> ""; [H] -> unhex(H) end,
            io:format("~s~n", [run(Op, list_to_atom(Fam), Arg)]),
            loop()
    end.

unhex([A, B | T]) -> [list_to_integer([A, B], 16) | unhex(T)];
unhex([]) -> [].

term(Text) ->
    {ok, Toks, _} = erl_scan:string(Text ++ "."),
    {ok, T} = erl_parse:parse_term(Toks),
    T.

one_line(T) -> lists:flatten(io_lib:print(T, 1, 1000000, -1)).

run("byname", F, A) -> one_line(inet:gethostbyname(A, F));
run("byaddr", _, A) -> one_line(inet:gethostbyaddr(A));
run("addrs", F, A) -> one_line(inet:getaddrs(A, F));
run("addr", F, A) -> one_line(inet:getaddr(A, F));
run("hostname", _, _) -> one_line(inet:gethostname());
run("ntoa", _, A) -> one_line(inet:ntoa(term(A)));
run("ipv4_mapped_ipv6_address", _, A) ->
    one_line(inet:ipv4_mapped_ipv6_address(term(A)));
run("is_" ++ _ = Op, _, A) -> one_line(inet:(list_to_atom(Op))(term(A)));
run("parse_" ++ _ = Op, _, A) -> one_line(inet:(list_to_atom(Op))(A));
run("ifaddrs", _, _) ->
    {ok, Ifs} = inet:getifaddrs(),
    Parts = [io_lib:format("{~s,~w}", [one_line(N), Opts]) || {N, Opts} <- Ifs],
    "{ok,[" ++ lists:flatten(lists:join(",", Parts)) ++ "]}".
