/** Appointments: the interface both appointment books implement, and the dates and times they share. */
export * from './types';
export * from './dates';
