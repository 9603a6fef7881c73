// The TCP proxy that stages an Elasticsearch outage, for suites outside dispatcher/ (one class, in scripts/system/).
export { TcpProxy } from '../scripts/system/tcp_proxy';
