/** The one door to the gateway contract: the renderer imports nothing else of the gateway. */
export * from '../../gateway/contract/index.js';
