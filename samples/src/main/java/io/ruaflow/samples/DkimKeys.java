package io.ruaflow.samples;

/**
 * Public DKIM keys embedded as constants so the sample zone is byte-identical on every JDK. They were generated
 * once with {@code KeyPairGenerator}; the private halves were discarded (nothing in the samples signs mail).
 * RSA keys are SubjectPublicKeyInfo in base64, as DKIM's {@code p=} wants; the ed25519 key is the raw 32 bytes
 * (RFC 8463).
 */
final class DkimKeys {
    private DkimKeys() {}

    static final String RSA_2048_A = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAkzjPw1mYb+VFMDUITDw3OzZtCilA0XotKMEw"
            + "womKUn314wpuDv+j4LFNf4eoX0OY6tQs8A1gl2LpnjxwovlZ2XlrRKwnuu6xygq99bOoZIXxnAlkcG+D"
            + "D6zAm2D+PBZTvn6Cl00KprTZg5AqREaeLhXB/gbcXkxhuS/nB921vmfa0c0wcAJjOqG9bZCQ8ZOncO0H"
            + "B65Cxngz7kbQ86jYT6vbWNdSp916Ts0NV51PAgFj6+NVzf/7IlRzdc/zeHL6k2A2GUsFX0x7AxQQKV2y"
            + "Mjn3uy3+t0Q/L0u9YOGiOgrx1697hqT95mc4MM8xF6vq63p/awvIdRTDsX97tswDDwIDAQAB";

    static final String RSA_2048_B = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqtj/fOMMgnc/STZlnn6leR0YWVGnwgbQXj8d"
            + "O6AmkEhRhr+mCh2lO73B0tFMdystUBCqoYrhh60qoTTWoHq6NWK/GXd5zC5L6hpHvGIQXEa0n/A3OTXK"
            + "tT5wTPmupEPqBCkQRsbTOuVjwvRRnUpPe8HFaRvQdHQBqZ0FawT5MIfql+lLGZWgowgp28AeA0msN4KV"
            + "FrDpcJaYTBLfhNTb2pRKzf4jsP7dZs8vU1PdCLmY1jUfWvJBNw9XmXuMwID8WW1XKXCGUto8wDCbVNiW"
            + "CfVzizI6eEnvmM45OQKpk11xEhSoBjdUwBZrU0HQZ9yD4lAgmnqfkF1SkF3o/trInwIDAQAB";

    static final String RSA_2048_C = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxSAChGFJLkljBkDL8f86OycNqyyi6GdJ3Ke7"
            + "A9bWW+1I9y7eZBLXYcGHSdVrld/vQV2Om+p7NHHob24PbHGDVfGtM0RRlMjWlZpLiPrp/0fIjVcVHtCf"
            + "djE2RLcKpEFv6E0XNMNl72ArI7pXbg0RdWBu5EMA/fzjfSa7dHCmgQvQjXnnPXXiSzGq1tcQl94q2HDo"
            + "0Q6PbfJIQKsyjA39naG/tkg89RnY7BJOT91S3F7dIMozWMt3cxV3GHF+zBbJqGlh8WSzjLw1qUaYhzA/"
            + "rOoIyaxBaDX2njHWasfY11NAl64WFKY8MAxi4PlDgivxEPlMfgPQ3HpEHxUSgpnyxQIDAQAB";

    static final String RSA_1024_A = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDfir7thrOuHdZXePLi2YmPAtfXNk4OcwJxnCBQT7K+"
            + "PhjiN+eXNQfVDKHaGJSEy+Xae9ybaciM9iIWSaOaXNRpCdRubZgT4Hkd4UE+mGyKbbnXS6ghnbe/vfhp"
            + "tWMIF/Ft4jCG4UVKR7ajO0KusmTuCMKgIXjnJS2vv66owXlHLwIDAQAB";

    static final String RSA_1024_B = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCjE7g791AStnPfE2TyOooSxgcoRHX5YIpt0ZfvbjEK"
            + "DnpON9/vUupRBbCoJniBc9EAQjpg4Wpckj8hTGudVNBRTrtw2OGwN5am7lylrKjhhT++8iAyYwOiD/lr"
            + "gcEG2V6+l3AidWoXQPj+jDngi5Dx/aRtFjhVeUK0JfYWTJaXvwIDAQAB";

    static final String ED25519_A = "Fwg2znswpl2cY/YClTgmm44WhzUc4J4YS2tg6AiHb3g=";
}
