// Types and constants shared by the server, the browser, the dispatcher and the runtime host.
export {};
