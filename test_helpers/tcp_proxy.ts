// The TCP proxy that stages an Elasticsearch outage, for suites outside dispatcher/ (one class, kept there).
export { TcpProxy } from '../dispatcher/integration_tests/helpers/tcp_proxy';
