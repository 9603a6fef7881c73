// The TCP proxy the outage suites stage Elasticsearch outages with (shared with the chaos suite).
export { TcpProxy } from '../../../scripts/system/tcp_proxy';
