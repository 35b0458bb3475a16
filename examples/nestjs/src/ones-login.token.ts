/** The injection token of this backend's login kit (`OnesLogin`). */
export const ONES_LOGIN = Symbol('OnesLogin');
