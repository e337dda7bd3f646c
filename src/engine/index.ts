/** The dialogue engine: pure turn function over conversation state; NLU, policy and actions come in as ports. */
export { newState, turn } from './turn';
export * from './types';
