import { DEFAULT_PORTS, wantedPorts } from './choose_port';

describe('wantedPorts', () => {
  it('keeps the defaults when nothing is given', () => {
    const wanted = wantedPorts();
    expect([wanted.first.port, wanted.second.port, wanted.dispatcher.port]).toEqual([
      DEFAULT_PORTS.first,
      DEFAULT_PORTS.second,
      DEFAULT_PORTS.dispatcher,
    ]);
  });

  it('moves every port with --port, so none of the defaults is used', () => {
    const wanted = wantedPorts({ first: 5911 });
    expect([wanted.first.port, wanted.second.port, wanted.dispatcher.port]).toEqual([
      5911, 5912, 6010,
    ]);
    expect([wanted.second.given, wanted.dispatcher.given]).toEqual([false, false]);
  });

  it('takes a port given for each piece as given, and free ports everywhere for 0', () => {
    const wanted = wantedPorts({ first: 5911, second: 7000, dispatcher: 7100 });
    expect([wanted.second.port, wanted.dispatcher.port]).toEqual([7000, 7100]);
    expect([wanted.second.given, wanted.dispatcher.given]).toEqual([true, true]);
    const free = wantedPorts({ first: 0 });
    expect([free.second.port, free.dispatcher.port]).toEqual([0, 0]);
  });
});
