/** The injection token of this backend's `DeviceAuthentication`. */
export const DEVICE_AUTHENTICATION = Symbol('DeviceAuthentication');
